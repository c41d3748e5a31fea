package io.sentifuse.encoder;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.factory.Nd4j;

/** Token states [B, T, H] to one vector per text [B, H]: the [CLS] state or the mean over real tokens. */
public final class TextPooling {

    /** Smallest token count a mean divides by, so an all-padding row gives zeros instead of NaN. */
    static final double MIN_COUNT = 1e-9;

    private TextPooling() {
    }

    /** states[:, 0, :]. */
    public static SDVariable cls(SameDiff sd, String name, SDVariable states) {
        SDVariable first = sd.stridedSlice(states, new long[] {0, 0, 0}, new long[] {0, 1, 0}, new long[] {1, 1, 1},
                0b101, 0b101, 0, 0, 0b010);
        return sd.identity(name, first);
    }

    /** sum_t states[:, t, :] * mask[:, t] / sum_t mask[:, t]. */
    public static SDVariable mean(SameDiff sd, String name, SDVariable states, SDVariable mask) {
        SDVariable m = sd.expandDims(mask.castTo(states.dataType()), 2);
        SDVariable sum = sd.sum(states.mul(m), false, 1);
        SDVariable count = sd.max(sd.sum(m, false, 1), sd.constant(Nd4j.scalar(MIN_COUNT).castTo(states.dataType())));
        return sd.math().div(name, sum, count);
    }
}
