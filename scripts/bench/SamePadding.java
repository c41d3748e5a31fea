import java.util.Arrays;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.enums.PadMode;
import org.nd4j.enums.WeightsFormat;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Whether ND4J's SAME mode computes the same bits as an explicit TensorFlow-SAME zero pad followed by an unpadded
 * convolution (what the translator emitted before version 7), for conv2d and depthwise_conv2d, 3x3 stride 2, on
 * three input shapes. Run from the repository root after {@code mvn -DskipTests package}, once per ND4J build:
 * {@code java -Dorg.bytedeco.javacpp.platform.extension=-onednn-avx2 -cp "target/sentifuse.jar:target/lib/*"
 * scripts/bench/SamePadding.java} and the same with {@code =} (the generic build). Exits 1 if any pair differs.
 */
public class SamePadding {

    private static final int[][] SHAPES = {{3, 32, 224}, {16, 16, 112}, {24, 24, 57}};

    public static void main(String[] args) {
        boolean allEqual = true;
        Nd4j.getRandom().setSeed(3);
        for (int[] shape : SHAPES) {
            int in = shape[0];
            int out = shape[1];
            int size = shape[2];
            int stride = 2;
            int outSize = (size + stride - 1) / stride;
            int total = Math.max(0, (outSize - 1) * stride + 3 - size);
            long[][] pads = {{0, 0}, {0, 0}, {total / 2, total - total / 2}, {total / 2, total - total / 2}};
            INDArray x = Nd4j.rand(DataType.FLOAT, 4, in, size, size);
            SameDiff sd = SameDiff.create();
            SDVariable input = sd.placeHolder("x", DataType.FLOAT, -1, in, size, size);
            SDVariable padded = sd.nn().pad(input, sd.constant(Nd4j.createFromArray(pads)), PadMode.CONSTANT, 0);
            SDVariable w = sd.constant("w", Nd4j.rand(DataType.FLOAT, 3, 3, in, out));
            SDVariable dw = sd.constant("dw", Nd4j.rand(DataType.FLOAT, 3, 3, in, 1));
            sd.cnn().conv2d(padded, w, config(stride, PaddingMode.VALID)).rename("conv_pad");
            sd.cnn().conv2d(input, w, config(stride, PaddingMode.SAME)).rename("conv_same");
            sd.cnn().depthWiseConv2d(padded, dw, config(stride, PaddingMode.VALID)).rename("dw_pad");
            sd.cnn().depthWiseConv2d(input, dw, config(stride, PaddingMode.SAME)).rename("dw_same");
            Map<String, INDArray> o = sd.output(Map.of("x", x), "conv_pad", "conv_same", "dw_pad", "dw_same");
            boolean conv = o.get("conv_pad").equals(o.get("conv_same"));
            boolean depthwise = o.get("dw_pad").equals(o.get("dw_same"));
            allEqual &= conv && depthwise;
            System.out.printf("%d -> %d channels, %d px, pads %d/%d, output %s: conv2d equal %b, depthwise equal %b%n",
                    in, out, size, total / 2, total - total / 2, Arrays.toString(o.get("conv_same").shape()), conv,
                    depthwise);
        }
        System.exit(allEqual ? 0 : 1);
    }

    private static Conv2DConfig config(int stride, PaddingMode mode) {
        return Conv2DConfig.builder().kH(3).kW(3).sH(stride).sW(stride).dH(1).dW(1).paddingMode(mode)
                .dataFormat("NCHW").weightsFormat(WeightsFormat.YXIO).build();
    }
}
