package io.sentifuse.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every code point through each normalizer and pre-tokenizer, ours against HuggingFace's, made visible through
 * {@link ProbeTokenizer} ids. Each code point appears in a small context (after a letter, after a digit, after a
 * space, doubled) so that splitting, clean-up, accents, case and the byte-level regex classes all show. The Basic
 * Multilingual Plane and a sample of the supplementary planes ({@link #SUPPLEMENTARY_SAMPLE}: every emoji, parts
 * of the blocks where normalization, case or Chinese-character handling act, and a stride through the rest) run in
 * the default suite; every supplementary code point runs with the slow tests (about 16 times the BMP's cost).
 */
class CodePointParityTest {

    private static final String BYTES = ProbeTokenizer.BYTES;

    /**
     * Ranges outside the BMP where tokenizers do more than pass a letter through: every emoji, and a slice of each
     * block where case, normalization, marks or Chinese-character handling act.
     */
    private static final int[][] SUPPLEMENTARY_RANGES = {
            {0x10400, 0x1044F},   // Deseret: upper and lower case outside the BMP
            {0x1D15E, 0x1D1AD},   // musical symbols: NFC composition exclusions and combining marks
            {0x1D400, 0x1D4FF},   // mathematical letters: NFKC folds them to ASCII
            {0x1D7CE, 0x1D7FF},   // mathematical digits: NFKC folds them to ASCII digits
            {0x1E900, 0x1E95F},   // Adlam: case and non-spacing marks
            {0x1F000, 0x1FAFF},   // emoji, pictographs, enclosed alphanumerics and ideographs, skin-tone modifiers
            {0x20000, 0x2007F},   // CJK extension B: handle_chinese_chars splits them
            {0x2F800, 0x2F8FF},   // CJK compatibility ideographs: NFC/NFD map them to unified ones
            {0xE0000, 0xE007F},   // tags: format characters
            {0xE0100, 0xE010F},   // variation selectors: non-spacing marks
    };
    /** One supplementary code point in this many besides (a prime, so it drifts across blocks). */
    private static final int STRIDE = 1021;
    /** The default suite's supplementary code points: 4,933, about a twelfth of the BMP's time (6 s of 71 s). */
    static final int[] SUPPLEMENTARY_SAMPLE = supplementarySample();

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
        int[] bmp = IntStream.rangeClosed(0, 0xFFFF)
                .filter(c -> c < Character.MIN_SURROGATE || c > Character.MAX_SURROGATE).toArray();
        assertThat(mismatches(name, normalizer, preTokenizer, bmp)).as(name).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("probes")
    void supplementaryPlanesSample(String name, String normalizer, String preTokenizer) {
        assertThat(mismatches(name, normalizer, preTokenizer, SUPPLEMENTARY_SAMPLE)).as(name).isEmpty();
    }

    @Tag("slow")
    @ParameterizedTest(name = "{0}")
    @MethodSource("probes")
    void supplementaryPlanes(String name, String normalizer, String preTokenizer) {
        int[] all = IntStream.rangeClosed(0x10000, Character.MAX_CODE_POINT).toArray();
        assertThat(mismatches(name, normalizer, preTokenizer, all)).as(name).isEmpty();
    }

    @Test
    void sampleHoldsEveryEmojiAndBothEndsOfTheSupplementaryRange() {
        assertThat(SUPPLEMENTARY_SAMPLE).hasSize(4_933).isSorted().doesNotHaveDuplicates()
                .contains(0x10000, 0x1F600, 0x1F3FB, 0x1F9D1, 0x1FAFF, Character.MAX_CODE_POINT);
    }

    private static int[] supplementarySample() {
        IntStream blocks = Arrays.stream(SUPPLEMENTARY_RANGES).flatMapToInt(b -> IntStream.rangeClosed(b[0], b[1]));
        IntStream stride = IntStream.iterate(0x10000, c -> c <= Character.MAX_CODE_POINT, c -> c + STRIDE);
        return IntStream.concat(IntStream.concat(blocks, stride), IntStream.of(Character.MAX_CODE_POINT))
                .sorted().distinct().toArray();
    }

    /** Code points (hex) whose probe ids differ; tested 16 to a text, then one by one where a text differs. */
    private static List<String> mismatches(String name, String normalizer, String preTokenizer, int[] codePoints) {
        Path file = ProbeTokenizer.write(dir, name, ProbeTokenizer.withPreTokenizer(normalizer, preTokenizer));
        HfTokenizer ours = Tokenizers.load(file);
        List<int[]> groups = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < codePoints.length; i += 16) {
            int[] g = Arrays.copyOfRange(codePoints, i, Math.min(i + 16, codePoints.length));
            groups.add(g);
            StringBuilder text = new StringBuilder();
            for (int c : g) {
                text.append(context(c));
            }
            texts.add(text.toString());
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
