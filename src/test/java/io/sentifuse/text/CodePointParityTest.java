package io.sentifuse.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every code point through each normalizer and pre-tokenizer, ours against HuggingFace's, made visible through
 * {@link ProbeTokenizer} ids. Each code point appears in a small context (after a letter, after a digit, after a
 * space, doubled) so that splitting, clean-up, accents, case and the byte-level regex classes all show. The Basic
 * Multilingual Plane runs in the default suite; all 17 planes run with the slow tests.
 */
class CodePointParityTest {

    private static final String BYTES = ProbeTokenizer.BYTES;

    @TempDir
    static Path dir;

    static Stream<Arguments> probes() {
        String bert = "{\"type\":\"BertNormalizer\",\"clean_text\":%s,\"handle_chinese_chars\":%s,\"strip_accents\":%s,"
                + "\"lowercase\":%s}";
        String bertPre = "{\"type\":\"Sequence\",\"pretokenizers\":[{\"type\":\"BertPreTokenizer\"}," + BYTES + "]}";
        return Stream.of(
                Arguments.of("minilm", String.format(bert, true, true, "null", true), bertPre),
                Arguments.of("bert-cased", String.format(bert, true, true, false, false), bertPre),
                Arguments.of("bert-lowercase-only", String.format(bert, false, false, false, true), BYTES),
                Arguments.of("bert-strip-only", String.format(bert, false, false, true, false), BYTES),
                Arguments.of("byte-level", "null",
                        "{\"type\":\"ByteLevel\",\"add_prefix_space\":true,\"trim_offsets\":true,\"use_regex\":true}"),
                Arguments.of("lowercase", "{\"type\":\"Lowercase\"}", BYTES),
                Arguments.of("nfkd-strip-accents", "{\"type\":\"Sequence\",\"normalizers\":[{\"type\":\"NFKD\"},"
                        + "{\"type\":\"StripAccents\"}]}", BYTES),
                Arguments.of("nfd", "{\"type\":\"NFD\"}", BYTES),
                Arguments.of("nfc-strip", "{\"type\":\"Sequence\",\"normalizers\":[{\"type\":\"NFC\"},"
                        + "{\"type\":\"Strip\",\"strip_left\":true,\"strip_right\":true}]}", BYTES),
                Arguments.of("nfkc", "{\"type\":\"NFKC\"}", BYTES),
                Arguments.of("whitespace-split", "null",
                        "{\"type\":\"Sequence\",\"pretokenizers\":[{\"type\":\"WhitespaceSplit\"}," + BYTES + "]}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("probes")
    void basicMultilingualPlane(String name, String normalizer, String preTokenizer) {
        assertThat(mismatches(name, normalizer, preTokenizer, 0, 0xFFFF)).as(name).isEmpty();
    }

    @Tag("slow")
    @ParameterizedTest(name = "{0}")
    @MethodSource("probes")
    void supplementaryPlanes(String name, String normalizer, String preTokenizer) {
        assertThat(mismatches(name, normalizer, preTokenizer, 0x10000, Character.MAX_CODE_POINT)).as(name).isEmpty();
    }

    /** Code points (hex) whose probe ids differ; tested 16 to a text, then one by one where a text differs. */
    private static List<String> mismatches(String name, String normalizer, String preTokenizer, int first, int last) {
        Path file = ProbeTokenizer.write(dir, name, ProbeTokenizer.withPreTokenizer(normalizer, preTokenizer));
        HfTokenizer ours = Tokenizers.load(file);
        List<int[]> groups = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        int[] group = new int[16];
        int n = 0;
        for (int cp = first; cp <= last; cp++) {
            if (cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE) {
                continue;
            }
            group[n++] = cp;
            if (n == group.length || cp == last) {
                int[] g = Arrays.copyOf(group, n);
                groups.add(g);
                StringBuilder text = new StringBuilder();
                for (int c : g) {
                    text.append(context(c));
                }
                texts.add(text.toString());
                n = 0;
            }
        }
        List<String> bad = new ArrayList<>();
        try (HfReference reference = HfReference.load(file)) {
            var expected = reference.encodeAll(texts);
            for (int i = 0; i < texts.size(); i++) {
                if (Arrays.equals(expected.get(i).getIds(), ours.encode(texts.get(i), Integer.MAX_VALUE).ids())) {
                    continue;
                }
                for (int c : groups.get(i)) {
                    String t = context(c);
                    if (!Arrays.equals(reference.ids(t), ours.encode(t, Integer.MAX_VALUE).ids())) {
                        bad.add(String.format("U+%04X", c));
                    }
                }
            }
        }
        return bad;
    }

    private static String context(int cp) {
        String c = new String(Character.toChars(cp));
        return "x" + c + "1" + c + " " + c + c + "Y ";
    }
}
