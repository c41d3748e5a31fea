import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.enums.PadMode;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * The 3x3 depthwise convolutions of MobileNetV2 at 224 px (channels, input size, stride), batch N, in the forms the
 * translator can emit (TranslationOptions.Depthwise): shifted products on a padded input ({@code taps}), ND4J's
 * depthwise_conv2d on a padded input ({@code native-pad}) and with the padding inside the op ({@code native}, what
 * translator version 7 emits). Median of 5 runs after 2, and each form's largest difference from taps. Run from the
 * repository root after {@code mvn -DskipTests package}, once per ND4J build:
 * {@code java -Dorg.bytedeco.javacpp.platform.extension=-onednn-avx2 -cp "target/sentifuse.jar:target/lib/*"
 * scripts/bench/DepthwiseLayers.java 16} and the same with {@code =} (the generic build).
 */
public class DepthwiseLayers {

    private static final int[][] LAYERS = {{32, 112, 1}, {96, 112, 2}, {144, 56, 1}, {144, 56, 2}, {192, 28, 1},
        {384, 14, 1}, {576, 14, 2}, {960, 7, 1}};
    private static final String OUT = "out";

    public static void main(String[] args) {
        int n = Integer.parseInt(args[0]);
        Nd4j.getRandom().setSeed(1);
        Nd4j.getEnvironment();
        String build = NativeOpsHolder.getInstance().getDeviceNativeOps().buildInfo();
        System.out.println("ND4J build with oneDNN: " + build.contains("HAVE_ONEDNN") + ", batch " + n);
        double[] sums = new double[3];
        for (int[] layer : LAYERS) {
            int c = layer[0];
            int h = layer[1];
            int s = layer[2];
            int out = (h + s - 1) / s;
            int total = (out - 1) * s + 3 - h;
            long[][] pads = {{0, 0}, {0, 0}, {total / 2, total - total / 2}, {total / 2, total - total / 2}};
            INDArray x = Nd4j.rand(DataType.FLOAT, n, c, h, h);
            INDArray w = Nd4j.rand(DataType.FLOAT, c, 1, 3, 3);
            Map<String, Double> times = new LinkedHashMap<>();
            Map<String, INDArray> results = new LinkedHashMap<>();
            for (String form : new String[] {"taps", "native-pad", "native"}) {
                SameDiff sd = SameDiff.create();
                SDVariable in = sd.placeHolder("x", DataType.FLOAT, -1, c, h, h);
                SDVariable padded = sd.nn().pad(in, sd.constant(Nd4j.createFromArray(pads)), PadMode.CONSTANT, 0);
                SDVariable y;
                if (form.equals("taps")) {
                    y = taps(sd, padded, sd.constant(w.permute(1, 0, 2, 3).dup()), c, s, out);
                } else {
                    boolean inside = form.equals("native");
                    Conv2DConfig config = Conv2DConfig.builder().kH(3).kW(3).sH(s).sW(s).dH(1).dW(1)
                            .pH(inside && s == 1 ? 1 : 0).pW(inside && s == 1 ? 1 : 0)
                            .paddingMode(inside && s == 2 ? PaddingMode.SAME : PaddingMode.VALID)
                            .dataFormat("NCHW").build();
                    y = sd.cnn().depthWiseConv2d(inside ? in : padded, sd.constant(w.permute(2, 3, 0, 1).dup()), config);
                }
                y.rename(OUT);
                Map<String, INDArray> feed = Map.of("x", x);
                for (int i = 0; i < 2; i++) {
                    results.put(form, sd.output(feed, OUT).get(OUT).dup());
                }
                double[] t = new double[5];
                for (int i = 0; i < t.length; i++) {
                    long t0 = System.nanoTime();
                    sd.output(feed, OUT);
                    t[i] = (System.nanoTime() - t0) / 1e6;
                }
                Arrays.sort(t);
                times.put(form, t[2]);
                Nd4j.getMemoryManager().invokeGc();
            }
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%4d ch %3d px stride %d:", c, h, s));
            int k = 0;
            for (Map.Entry<String, Double> e : times.entrySet()) {
                sums[k++] += e.getValue();
                line.append(String.format(Locale.ROOT, "  %s %7.1f ms (diff %.1e)", e.getKey(), e.getValue(),
                        results.get(e.getKey()).sub(results.get("taps")).amaxNumber().doubleValue()));
            }
            System.out.println(line);
        }
        System.out.printf(Locale.ROOT, "sum: taps %.1f ms, native-pad %.1f ms, native %.1f ms%n", sums[0], sums[1], sums[2]);
    }

    /** The translator's DepthwiseTaps form: one strided slice, product and sum per tap ({@code taps}: [1, C, 3, 3]). */
    private static SDVariable taps(SameDiff sd, SDVariable padded, SDVariable taps, int c, int s, int out) {
        SDVariable sum = null;
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                SDVariable shifted = sd.stridedSlice(padded, new long[] {0, 0, i, j},
                        new long[] {0, 0, i + (out - 1) * s + 1, j + (out - 1) * s + 1}, new long[] {1, 1, s, s},
                        3, 3, 0, 0, 0);
                SDVariable weight = sd.stridedSlice(taps, new long[] {0, 0, i, j}, new long[] {1, c, i + 1, j + 1},
                        new long[] {1, 1, 1, 1});
                SDVariable term = shifted.mul(weight);
                sum = sum == null ? term : sum.add(term);
            }
        }
        return sum;
    }
}
