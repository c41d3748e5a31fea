package io.sentifuse.encoder.onnx.ops;

import java.util.List;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * Channels-last activations between the ops of a CNN. ONNX convolutions are channels-first ({@code [N, C, H, W]});
 * oneDNN runs them several times faster on channels-last data (a MobileNetV2-shaped chain at batch 16 on 2 cores:
 * 774 ms channels-first, 115-182 ms channels-last): given channels-first arrays, it reorders them on every call.
 * With rewrites on, and where the ND4J build has a vendor convolution library ({@link NodeContext#channelsLast()}),
 * Conv emits ND4J's NHWC convolution and returns a {@link Value#channelsLast} value; the element-wise ops, pooling,
 * padding and concatenation that follow keep the layout, and any other reader gets the channels-first permute. A
 * network's input is permuted once, its outputs where they are read.
 */
final class ChannelsLast {

    /** {@code [N, C, H, W] -> [N, H, W, C]}. */
    static final int[] TO_LAST = {0, 2, 3, 1};
    /** {@code [N, H, W, C] -> [N, C, H, W]}. */
    static final int[] TO_FIRST = {0, 3, 1, 2};
    /** The channel axis of a channels-last array. */
    static final int CHANNEL_AXIS = 3;

    private ChannelsLast() {
    }

    /** Whether the graph holds {@code v} channels-last. */
    static boolean held(Value v) {
        return v != null && v.channelsLast() != null;
    }

    /** Whether every value is held channels-last. */
    static boolean allHeld(List<Value> values) {
        return !values.isEmpty() && values.stream().allMatch(ChannelsLast::held);
    }

    /**
     * The channels-last variable of a 4-D value: its own where the graph holds it so, else a permute of its
     * channels-first variable, made once per variable.
     */
    static SDVariable of(NodeContext ctx, Value v) {
        if (held(v)) {
            return v.channelsLast();
        }
        SDVariable x = ctx.var(v);
        return ctx.sharedAlways("channels_last:" + x.name(), () -> ctx.sd().permute(x, TO_LAST));
    }

    /** A channels-first ND4J pad spec {@code [4][2]} in channels-last axis order. */
    static long[][] spec(long[][] channelsFirst) {
        long[][] out = new long[4][];
        for (int a = 0; a < 4; a++) {
            out[a] = channelsFirst[TO_LAST[a]].clone();
        }
        return out;
    }
}
