package io.sentifuse.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * BPE tokenizer.json files (RoBERTa-style byte-level, and character-level with prefix, suffix, unknown tokens,
 * byte fallback) trained in {@link SyntheticBpe}: our ids equal HuggingFace's on the golden sentences, the
 * training corpus, added-token cases and 2,000 random texts, untruncated and truncated.
 */
class BpeParityTest {

    @TempDir
    static Path dir;

    static Stream<Arguments> tokenizers() {
        return Stream.of(
                Arguments.of("roberta", SyntheticBpe.roberta(400, false, false, false, false)),
                Arguments.of("roberta-prefix-space-pair-merges-template", SyntheticBpe.roberta(400, true, true, true, false)),
                Arguments.of("roberta-ignore-merges", SyntheticBpe.roberta(400, false, false, false, true)),
                Arguments.of("chars-unk", SyntheticBpe.characterLevel(300, false, 0, true)),
                Arguments.of("chars-fused-unk", SyntheticBpe.characterLevel(300, true, 0, true)),
                Arguments.of("chars-byte-fallback", SyntheticBpe.characterLevel(300, false, 256, false)),
                Arguments.of("chars-partial-byte-fallback-unk", SyntheticBpe.characterLevel(300, true, 200, true)),
                Arguments.of("chars-no-unk", SyntheticBpe.characterLevel(300, false, 0, false)),
                Arguments.of("roberta-sequence-processor-added-token-options", SyntheticBpe.withAddedTokens(
                        SyntheticBpe.roberta(200, false, false, false, false), true,
                        new Object[] {"token", true, false, false, false},
                        new Object[] {"[SEP]", false, false, true, false},
                        new Object[] {"ab", false, true, true, true},
                        new Object[] {"hello", true, true, false, true})),
                Arguments.of("chars-normalized-added-tokens", SyntheticBpe.withAddedTokens(
                        SyntheticBpe.characterLevel(200, true, 0, true), false,
                        new Object[] {"HeLLo", false, false, false, true},
                        new Object[] {"[MASK]", true, false, false, true},
                        new Object[] {"ＡＢＣ", false, false, false, true},
                        new Object[] {"x", true, false, true, true})));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tokenizers")
    void idsEqualHuggingFace(String name, String json) {
        Path file = ProbeTokenizer.write(dir, name, json);
        HfTokenizer ours = Tokenizers.load(file);
        List<String> texts = new ArrayList<>(GoldenSentences.ALL);
        texts.addAll(SyntheticBpe.corpus());
        texts.addAll(List.of("<mask>", " <mask>", "a <mask> b", "a<mask>b", "<s>", "x</s>y", "</s></s>", "<unk> <pad>",
                "aaaaaaa", "aaaa aaaa", "abababab", "banana bandana", "tokenization", " leading", "trailing ",
                "   ", "a   b", "a \n b", "don't won't I'll", "'s 's ''s"));
        texts.addAll(FuzzTexts.generate("bpe-" + name, 2000));
        long merged = 0;
        try (HfReference reference = HfReference.load(file)) {
            var expected = reference.encodeAll(texts);
            List<String> differing = new ArrayList<>();
            for (int i = 0; i < texts.size(); i++) {
                Encoding actual = ours.encode(texts.get(i), Integer.MAX_VALUE);
                if (!Arrays.equals(actual.ids(), expected.get(i).getIds())
                        || !Arrays.equals(actual.typeIds(), expected.get(i).getTypeIds())) {
                    differing.add(texts.get(i));
                }
                merged += Arrays.stream(actual.ids()).filter(id -> id > 300).count();
            }
            assertThat(differing).as(name).isEmpty();
        }
        assertThat(merged).as("tokens from merges or late vocabulary entries, so merging was exercised").isGreaterThan(1000);
        for (int maxLength : new int[] {2, 3, 8, 17}) {
            try (HfReference reference = HfReference.load(file, maxLength)) {
                for (String text : GoldenSentences.ALL) {
                    assertThat(ours.encode(text, maxLength).ids()).as("%s @%d: %s", name, maxLength, text)
                            .isEqualTo(reference.ids(text));
                }
            }
        }
    }
}
