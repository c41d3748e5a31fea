package io.sentifuse.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Dynamic padding: a batch padded to its longest text, as HuggingFace pads to the longest. */
class TokenBatchTest {

    @Test
    void padsToTheLongestLikeHuggingFace(@TempDir Path dir) throws Exception {
        List<String> texts = List.of("short", "", "a somewhat longer text with #hashtags and 😀 emoji", "two words");
        TokenBatch batch = Tokenizers.defaultMiniLm().encodeBatch(texts, 12);
        assertThat(batch.size()).isEqualTo(4);
        assertThat(batch.length()).isEqualTo(12);
        Path file = HfReference.miniLmFile(dir); // first: HfReference switches DJL to offline mode
        try (HuggingFaceTokenizer hf = HuggingFaceTokenizer.builder().optTokenizerPath(file)
                .optPadding(true).optTruncation(true).optMaxLength(12).build()) {
            var expected = hf.batchEncode(texts);
            for (int row = 0; row < texts.size(); row++) {
                assertThat(slice(batch.ids(), row, 12)).isEqualTo(expected[row].getIds());
                assertThat(slice(batch.attentionMask(), row, 12)).isEqualTo(expected[row].getAttentionMask());
                assertThat(slice(batch.typeIds(), row, 12)).isEqualTo(expected[row].getTypeIds());
            }
        }
        assertThat(batch.realTokens(0)).isEqualTo(3);
        assertThat(batch.realTokens(1)).isEqualTo(2);
        assertThat(batch.realTokens(2)).isEqualTo(12);
    }

    @Test
    void emptyBatchAndShapeCheck() {
        TokenBatch empty = TokenBatch.pad(List.of(), 0);
        assertThat(empty.size()).isZero();
        assertThat(empty.ids()).isEmpty();
        assertThatThrownBy(() -> new TokenBatch(2, 3, new long[6], new long[6], new long[5]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a 2 x 3 batch needs 6 values, got 6, 6 and 5");
    }

    private static long[] slice(long[] values, int row, int length) {
        return java.util.Arrays.copyOfRange(values, row * length, (row + 1) * length);
    }
}
