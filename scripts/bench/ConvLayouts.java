import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.enums.WeightsFormat;
import org.nd4j.linalg.factory.Nd4j;
import java.util.*;

/**
 * A MobileNetV2-shaped chain (its 3x3 stem, 17 inverted residual blocks with ReLU6 and depthwise 3x3, the 1x1 head to
 * 1280 channels, a global average pool) built directly in SameDiff with random weights, run channels-first (NCHW, how
 * translator versions up to 10 emitted ONNX convolutions) and channels-last (NHWC, version 11 in builds with oneDNN),
 * alternated twice: medians of 7 passes after 2. Run from the repository root after {@code mvn -DskipTests package}:
 * {@code java -cp "target/sentifuse.jar:target/lib/*" scripts/bench/ConvLayouts.java 16} (the ND4J build chosen for
 * this CPU; {@code -Dorg.bytedeco.javacpp.platform.extension=} for the generic build).
 */
public class ConvLayouts {
    static String fmt;
    static SameDiff sd;
    static Conv2DConfig cfg(int k, int s) {
        return Conv2DConfig.builder().kH(k).kW(k).sH(s).sW(s).paddingMode(PaddingMode.SAME).dataFormat(fmt)
                .weightsFormat(WeightsFormat.YXIO).build();
    }
    static SDVariable conv(SDVariable x, int cin, int cout, int k, int s, boolean relu) {
        SDVariable w = sd.constant(Nd4j.rand(DataType.FLOAT, k, k, cin, cout).subi(0.5)
                .muli(2.0 / Math.sqrt(k * k * cin)));
        SDVariable b = sd.constant(Nd4j.rand(DataType.FLOAT, cout).subi(0.5).muli(0.1));
        SDVariable y = sd.cnn().conv2d(x, w, b, cfg(k, s));
        return relu ? sd.nn().relu6(y, 0) : y;
    }
    static SDVariable dw(SDVariable x, int c, int s) {
        SDVariable w = sd.constant(Nd4j.rand(DataType.FLOAT, 3, 3, c, 1).subi(0.5).muli(2.0 / 3));
        SDVariable b = sd.constant(Nd4j.rand(DataType.FLOAT, c).subi(0.5).muli(0.1));
        Conv2DConfig c2 = Conv2DConfig.builder().kH(3).kW(3).sH(s).sW(s).paddingMode(PaddingMode.SAME).dataFormat(fmt)
                .build();
        return sd.nn().relu6(sd.cnn().depthWiseConv2d(x, w, b, c2), 0);
    }
    public static void main(String[] a) {
        int n = Integer.parseInt(a[0]);
        for (String f : new String[] {"NCHW", "NHWC", "NCHW", "NHWC"}) {
            fmt = f;
            Nd4j.getRandom().setSeed(1);
            sd = SameDiff.create();
            boolean nhwc = f.equals("NHWC");
            long[] inShape = nhwc ? new long[] {-1, 224, 224, 3} : new long[] {-1, 3, 224, 224};
            SDVariable in = sd.placeHolder("in", DataType.FLOAT, inShape);
            SDVariable x = conv(in, 3, 32, 3, 2, true);
            int c = 32;
            // MobileNetV2's blocks: expansion, output channels, repeats, first stride
            int[][] cfg = {{1, 16, 1, 1}, {6, 24, 2, 2}, {6, 32, 3, 2}, {6, 64, 4, 2}, {6, 96, 3, 1}, {6, 160, 3, 2},
                {6, 320, 1, 1}};
            for (int[] l : cfg) for (int i = 0; i < l[2]; i++) {
                int s = i == 0 ? l[3] : 1;
                SDVariable h = l[0] == 1 ? x : conv(x, c, c * l[0], 1, 1, true);
                h = dw(h, c * l[0], s);
                h = conv(h, c * l[0], l[1], 1, 1, false);
                x = (s == 1 && c == l[1]) ? x.add(h) : h;
                c = l[1];
            }
            x = conv(x, c, 1280, 1, 1, true);
            SDVariable pooled = x.mean("pooled", nhwc ? new int[] {1, 2} : new int[] {2, 3});
            INDArray img = nhwc ? Nd4j.rand(DataType.FLOAT, n, 224, 224, 3) : Nd4j.rand(DataType.FLOAT, n, 3, 224, 224);
            double[] t = new double[7];
            for (int i = 0; i < 2; i++) sd.output(Map.of("in", img), "pooled");
            for (int i = 0; i < t.length; i++) {
                long s0 = System.nanoTime();
                sd.output(Map.of("in", img), "pooled");
                t[i] = (System.nanoTime() - s0) / 1e6;
            }
            Arrays.sort(t);
            System.out.printf("%s batch %d: median %.1f ms (min %.1f max %.1f), ops %d%n", f, n, t[3], t[0], t[6],
                    sd.getOps().size());
        }
    }
}
