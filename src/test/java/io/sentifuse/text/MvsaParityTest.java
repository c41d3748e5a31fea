package io.sentifuse.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * All 4,358 real MVSA-Single texts through the default tokenizer and through HuggingFace (DJL): every id equal,
 * untruncated and at max lengths 128 and 16. Skips without ../shared.
 */
class MvsaParityTest {

    private static final Logger LOG = LoggerFactory.getLogger(MvsaParityTest.class);

    @Test
    void everyRealTextGetsHuggingFacesIds(@TempDir Path dir) {
        List<String> texts = MvsaTexts.all();
        assertThat(texts).hasSize(4358);
        HfTokenizer ours = Tokenizers.defaultMiniLm();
        Path file = HfReference.miniLmFile(dir);
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
        LOG.info("MVSA-Single parity: {} texts x 3 max lengths, {} tokens compared, all equal ({} ms)", texts.size(),
                tokens, (System.nanoTime() - start) / 1_000_000);
    }
}
