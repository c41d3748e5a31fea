package io.sentifuse.text;

import io.sentifuse.seeds.Seeds;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random texts built from fragments that stress tokenizers: letters of several scripts, digits, punctuation,
 * odd whitespace, combining marks, emoji with joiners and skin tones, contractions, special-token look-alikes,
 * control and format characters, long runs. Reproducible: one named stream of {@link Seeds}.
 */
final class FuzzTexts {

    private static final String[] FRAGMENTS = {
        "a", "b", "z", "E", "Q", "hello", "World", "token", "ization", "the", " ", " ", " ", "  ", "\t", "\n", "\r\n",
        "\u00A0", "\u3000", "\u2028", "\u000B", "\u0085", ".", ",", "!", "?", "??", "'", "'s", "'ll", "'re", "'ve", "'d",
        "'m", "'t", "\"", "#", "@", "&amp;", "-", "_", "(", ")", "[", "]", "{", "}", "/", "\\", "…", "—", "¿", "¡",
        "0", "1", "42", "3.14", "½", "²", "٣", "é", "È", "ñ", "ü", "Å", "ß", "İ", "ı", "Σ", "ς", "ﬁ", "e\u0301",
        "a\u0308", "\u0301", "\u0336", "東", "京", "我", "ひらがな", "カタカナ", "한", "ㅋ", "مرحبا", "שלום", "Привет", "नमस्ते",
        "क्ष", "ไทย", "😀", "😂", "👍🏽", "👨\u200D👩\u200D👧", "🇫🇷", "❤️", "#️⃣", "🫠", "\u200B", "\u200D", "\uFEFF",
        "\u00AD", "\u0000", "\u0007", "\u001B", "\uFFFD", "\uE000", "\uD83D", "[CLS]", "[SEP]", "[MASK]", "[UNK]",
        "[PAD]", "[cls]", "<s>", "</s>", "<mask>", " <mask>", "<unk>", "<pad>", "https://t.co/x", "user@example.com",
        "ＡＢＣ", "x".repeat(60), "ab".repeat(30),
    };

    private FuzzTexts() {
    }

    /** {@code count} texts of 0 to 40 fragments each, from the stream {@code purpose} of seed 7. */
    static List<String> generate(String purpose, int count) {
        Random random = Seeds.of(7).random(purpose);
        List<String> texts = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int n = random.nextInt(41);
            StringBuilder text = new StringBuilder();
            for (int k = 0; k < n; k++) {
                text.append(FRAGMENTS[random.nextInt(FRAGMENTS.length)]);
            }
            texts.add(text.toString());
        }
        return texts;
    }
}
