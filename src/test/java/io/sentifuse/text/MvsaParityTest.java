package io.sentifuse.text;

import static org.assertj.core.api.Assertions.assertThat;

import io.sentifuse.encoder.TextPreset;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * All 4,358 real MVSA-Single texts through each text preset's tokenizer and through HuggingFace (DJL): every id
 * equal, untruncated and at max lengths 128 and 16. Skips without ../shared.
 */
class MvsaParityTest {

    private static final Logger LOG = LoggerFactory.getLogger(MvsaParityTest.class);

    @ParameterizedTest
    @EnumSource(TextPreset.class)
    void everyRealTextGetsHuggingFacesIds(TextPreset preset, @TempDir Path dir) {
        List<String> texts = MvsaTexts.all();
        assertThat(texts).hasSize(4358);
        Path file = HfReference.resourceFile(preset.tokenizerResource(), dir);
        HfTokenizer ours = Tokenizers.load(file);
        long start = System.nanoTime();
        long tokens = 0;
        int truncated = 0;
        for (int maxLength : new int[] {Integer.MAX_VALUE, 128, 16}) {
            List<String> differing = new ArrayList<>();
            try (HfReference reference = maxLength == Integer.MAX_VALUE ? HfReference.load(file)
                    : HfReference.load(file, maxLength)) {
                var expected = reference.encodeAll(texts);
                for (int i = 0; i < texts.size(); i++) {
                    Encoding actual = ours.encode(texts.get(i), maxLength);
                    long[] ids = expected.get(i).getIds();
                    if (!Arrays.equals(actual.ids(), ids) || !Arrays.equals(actual.typeIds(), expected.get(i).getTypeIds())) {
                        differing.add(texts.get(i));
                    }
                    tokens += ids.length;
                    if (maxLength == 16 && expected.get(i).exceedMaxLength()) {
                        truncated++;
                    }
                }
            }
            assertThat(differing).as("texts whose ids differ at max length %d", maxLength).isEmpty();
        }
        assertThat(truncated).as("texts truncated at 16, so truncation was exercised").isGreaterThan(1000);
        LOG.info("MVSA-Single parity of {}: {} texts x 3 max lengths, {} tokens compared, all equal ({} ms)",
                preset.presetName(), texts.size(), tokens, (System.nanoTime() - start) / 1_000_000);
    }
}
