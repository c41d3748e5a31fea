package io.sentifuse.encoder.onnx.ops;

import java.util.Arrays;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.enums.PadMode;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Dilated convolutions and pooling without ND4J's dilation arguments. ND4J M2.1's oneDNN builds (the default on
 * AVX2 and AVX-512 CPUs, see {@code io.sentifuse.system.Nd4jBinaries}) mishandle them: conv2d and depthwise_conv2d
 * with a dilation above 1 fail ("could not create a descriptor for a dilated convolution forward propagation
 * primitive"), and 2-D and 3-D max and average pooling ignore dilations and return undilated windows without a
 * word. The forms here give the same values on every build, so these graphs do not depend on the binary that later
 * runs them.
 */
final class Dilation {

    private Dilation() {
    }

    static boolean any(long[] dilations) {
        return Arrays.stream(dilations).anyMatch(d -> d != 1);
    }

    /** The kernel extent with dilations: (k - 1) * d + 1 per axis. */
    static long[] span(long[] kernel, long[] dilations) {
        long[] out = new long[kernel.length];
        for (int a = 0; a < kernel.length; a++) {
            out[a] = (kernel[a] - 1) * dilations[a] + 1;
        }
        return out;
    }

    /**
     * A convolution weight [O, I, k1, k2, ...] (static {@code shape}) with d - 1 zeros inserted between its taps
     * along each dilated axis: convolving with it undilated equals convolving with {@code w} dilated (products
     * with exact zeros add nothing). Built from reshape, zero pad and slice, so gradients reach {@code w}.
     */
    static SDVariable kernel(NodeContext ctx, SDVariable w, long[] shape, long[] dilations) {
        SameDiff sd = ctx.sd();
        long[] s = shape.clone();
        for (int a = 0; a < dilations.length; a++) {
            long d = dilations[a];
            if (d == 1) {
                continue;
            }
            int axis = a + 2;
            long k = s[axis];
            // [.., k, ..] -> [.., k, 1, ..] -> zero pad to [.., k, d, ..] -> [.., k * d, ..] -> first (k - 1) * d + 1
            long[] expanded = new long[s.length + 1];
            System.arraycopy(s, 0, expanded, 0, axis + 1);
            expanded[axis + 1] = 1;
            System.arraycopy(s, axis + 1, expanded, axis + 2, s.length - axis - 1);
            long[][] pad = new long[expanded.length][2];
            pad[axis + 1][1] = d - 1;
            SDVariable padded = sd.nn().pad(sd.reshape(w, expanded), ctx.constant(Nd4j.createFromArray(pad)),
                    PadMode.CONSTANT, 0);
            s[axis] = k * d;
            long[] end = s.clone();
            end[axis] = (k - 1) * d + 1;
            w = sd.stridedSlice(sd.reshape(padded, s), new long[s.length], end, Emit.ones(s.length));
            s[axis] = end[axis];
        }
        return w;
    }

    /** {@link #kernel} computed while translating, for a weight known then ([O, I, k1, k2, ...]). */
    static INDArray kernelNow(INDArray w, long[] dilations) {
        long[] shape = w.shape().clone();
        INDArrayIndex[] taps = new INDArrayIndex[shape.length];
        taps[0] = NDArrayIndex.all();
        taps[1] = NDArrayIndex.all();
        for (int a = 0; a < dilations.length; a++) {
            shape[a + 2] = (shape[a + 2] - 1) * dilations[a] + 1;
            taps[a + 2] = NDArrayIndex.interval(0, dilations[a], shape[a + 2]);
        }
        INDArray spaced = Nd4j.zeros(w.dataType(), shape);
        spaced.get(taps).assign(w);
        return spaced;
    }

    /**
     * Unpadded max or average pooling of {@code x} ([N, C, spatial...]) with dilated windows, as the element-wise
     * maximum or mean of one strided slice per window tap. Tap i of an axis starts at i * d and stops (k - 1 - i) * d
     * before the end, so every slice has the output's length even where the spatial size is only known at run time.
     */
    static SDVariable pool(SameDiff sd, SDVariable x, long[] kernel, long[] strides, long[] dilations, boolean max) {
        int nd = kernel.length;
        int rank = nd + 2;
        long taps = Arrays.stream(kernel).reduce(1, (p, q) -> p * q);
        SDVariable acc = null;
        for (long tap = 0; tap < taps; tap++) {
            long[] begin = new long[rank];
            long[] end = new long[rank];
            long[] step = Emit.ones(rank);
            int keepBatchAndChannels = 0b11;
            int endMask = keepBatchAndChannels;
            long rest = tap;
            for (int a = nd - 1; a >= 0; a--) {
                long i = rest % kernel[a];
                rest /= kernel[a];
                long back = (kernel[a] - 1 - i) * dilations[a];
                begin[a + 2] = i * dilations[a];
                step[a + 2] = strides[a];
                if (back == 0) {
                    endMask |= 1 << (a + 2);
                } else {
                    end[a + 2] = -back;
                }
            }
            SDVariable slice = sd.stridedSlice(x, begin, end, step, keepBatchAndChannels, endMask, 0, 0, 0);
            acc = acc == null ? slice : max ? sd.math().max(acc, slice) : acc.add(slice);
        }
        return max ? acc : acc.div(taps);
    }
}
