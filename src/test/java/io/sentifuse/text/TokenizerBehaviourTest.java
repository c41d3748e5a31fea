package io.sentifuse.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Edge cases of the default tokenizer, with the ids HuggingFace gives them (checked in the parity tests). */
class TokenizerBehaviourTest {

    private static final long CLS = 101;
    private static final long SEP = 102;
    private static final long UNK = 100;

    private final HfTokenizer tokenizer = Tokenizers.defaultMiniLm();

    @Test
    void emptyAndWhitespaceOnlyTextsAreClsSep() {
        for (String text : new String[] {"", " ", "   \t\n\r\n ", "\u00A0\u3000\u2028", "\u200B\u0000\uFEFF"}) {
            Encoding e = tokenizer.encode(text, 128);
            assertThat(e.ids()).as("[%s]", text).containsExactly(CLS, SEP);
            assertThat(e.typeIds()).containsExactly(0, 0);
        }
    }

    @Test
    void truncationKeepsClsAndSepAtExactBoundaries() {
        String text = "the quick brown fox jumps over the lazy dog";
        long[] full = tokenizer.encode(text, Integer.MAX_VALUE).ids();
        assertThat(full).hasSize(11).startsWith(CLS).endsWith(SEP);
        assertThat(tokenizer.encode(text, 11).ids()).isEqualTo(full);
        assertThat(tokenizer.encode(text, 12).ids()).isEqualTo(full);
        for (int max = 2; max < 11; max++) {
            long[] expected = new long[max];
            System.arraycopy(full, 0, expected, 0, max - 1);
            expected[max - 1] = SEP;
            Encoding e = tokenizer.encode(text, max);
            assertThat(e.ids()).as("max %d", max).isEqualTo(expected);
            assertThat(e.typeIds()).hasSize(max).containsOnly(0L);
        }
        assertThat(tokenizer.encode(text, 2).ids()).containsExactly(CLS, SEP);
    }

    @Test
    void truncationCutsInsideAWordAsHuggingFaceDoes() {
        long[] full = tokenizer.encode("tokenization", Integer.MAX_VALUE).ids();
        assertThat(full).hasSize(4);
        assertThat(tokenizer.encode("tokenization", 3).ids()).containsExactly(CLS, full[1], SEP);
    }

    @Test
    void maxLengthBelowTheSpecialTokensIsRefused() {
        assertThatThrownBy(() -> tokenizer.encode("hi", 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("maxLength 1 leaves no room for the 2 special tokens of classpath:");
    }

    @Test
    void emojiAndUnknownSymbolsBecomeUnkLikeHuggingFace() {
        assertThat(tokenizer.encode("😀", 128).ids()).containsExactly(CLS, UNK, SEP);
        assertThat(tokenizer.encode("hello😀", 128).ids()).containsExactly(CLS, UNK, SEP);
        assertThat(tokenizer.encode("hello 😀 👨‍👩‍👧", 128).ids()).containsExactly(CLS, 7592, UNK, UNK, SEP);
    }

    @Test
    void wordsOverOneHundredCodePointsAreOneUnk() {
        assertThat(tokenizer.encode("a".repeat(101), 128).ids()).containsExactly(CLS, UNK, SEP);
        assertThat(tokenizer.encode("a".repeat(100), 128).ids()).hasSizeGreaterThan(3).doesNotContain(UNK);
    }

    @Test
    void wordsAreMeasuredAndSplitByCodePointNotChar(@TempDir Path dir) throws IOException {
        // U+1D49C (two chars) is in this vocabulary alone and as a continuation.
        Path vocab = Files.writeString(dir.resolve("vocab.txt"),
                String.join("\n", "[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "\uD835\uDC9C", "##\uD835\uDC9C", "b") + "\n");
        HfTokenizer small = Tokenizers.load(vocab);
        long[] hundred = small.encode("\uD835\uDC9C".repeat(100), 200).ids();
        assertThat(hundred).hasSize(102).startsWith(2, 5, 6).endsWith(6, 3);
        assertThat(small.encode("\uD835\uDC9C".repeat(101), 200).ids()).containsExactly(2, 1, 3);
        assertThat(small.encode("b\uD835\uDC9C\uD835\uDC9D", 200).ids()).containsExactly(2, 1, 3);
    }

    @Test
    void specialTokensInTheTextAreMatchedBeforeNormalization() {
        assertThat(tokenizer.encode("x[MASK]y [SEP]", 128).ids()).containsExactly(CLS, 1060, 103, 1061, SEP, SEP);
        assertThat(tokenizer.encode("[mask]", 128).ids()).containsExactly(CLS, 1031, 7308, 1033, SEP);
    }

    @Test
    void reportsItsVocabulary() {
        assertThat(tokenizer.vocabularySize()).isEqualTo(30522);
        assertThat(tokenizer.padId()).isZero();
        assertThat(tokenizer.specialTokenCount()).isEqualTo(2);
        assertThat(tokenizer.tokenId("[CLS]")).isEqualTo(101);
        assertThat(tokenizer.tokenId("##ing")).isEqualTo(2075);
        assertThat(tokenizer.tokenId("no-such-token")).isEqualTo(-1);
        assertThat(tokenizer.description()).startsWith("WordPiece(30522 tokens")
                .contains("BertNormalizer(clean_text=true, handle_chinese_chars=true, strip_accents=true, lowercase=true)");
        assertThat(Tokenizers.defaultMiniLm()).isSameAs(tokenizer);
    }

    @Test
    void givesTheSameIdsFromSeveralThreads() throws Exception {
        List<String> texts = new ArrayList<>(GoldenSentences.ALL);
        texts.addAll(FuzzTexts.generate("threads", 2000));
        List<long[]> expected = texts.stream().map(t -> tokenizer.encode(t, 64).ids()).toList();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int thread = 0; thread < 4; thread++) {
                int offset = thread * 97;
                results.add(pool.submit(() -> {
                    int mismatches = 0;
                    for (int round = 0; round < 5; round++) {
                        for (int k = 0; k < texts.size(); k++) {
                            int i = (k + offset) % texts.size();
                            mismatches += Arrays.equals(tokenizer.encode(texts.get(i), 64).ids(), expected.get(i)) ? 0 : 1;
                        }
                    }
                    return mismatches;
                }));
            }
            for (Future<Integer> f : results) {
                assertThat(f.get()).isZero();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void loneSurrogatesCountAsReplacementCharacters() {
        assertThat(tokenizer.encode("a\uD83Db", 16).ids()).isEqualTo(tokenizer.encode("a\uFFFDb", 16).ids());
        assertThat(HfTokenizer.replaceLoneSurrogates("ok 😀")).isSameAs("ok 😀");
        assertThat(HfTokenizer.replaceLoneSurrogates("\uDC00x\uD83D")).isEqualTo("\uFFFDx\uFFFD");
    }
}
