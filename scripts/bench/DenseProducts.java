import java.util.Arrays;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A transformer's dense layer, [B, T, K] x [K, N], two ways: what the translator emits (flatten to 2-D, matmul,
 * reshape back) and one tensordot over the last axis. Prints, per shape, the largest difference between the two
 * (0 means bit-identical) and the median time of each, interleaved after warm-up. Why tensordot was left out: on
 * oneDNN builds it rounds differently from ND4J's matmul, which would re-key every feature store.
 *   java -Dorg.bytedeco.javacpp.platform.extension=-onednn-avx2 -cp "target/sentifuse.jar:target/lib/*" \
 *       scripts/bench/DenseProducts.java          (and with =, the generic build)
 */
public class DenseProducts {
    public static void main(String[] args) {
        Nd4j.getRandom().setSeed(1);
        for (long[] s : new long[][] {{32, 64, 384, 1536}, {32, 64, 1536, 384}, {1, 8, 384, 384}}) {
            SameDiff sd = SameDiff.create();
            SDVariable x = sd.placeHolder("x", DataType.FLOAT, -1, -1, s[2]);
            SDVariable w = sd.constant("w", Nd4j.randn(DataType.FLOAT, s[2], s[3]));
            SDVariable product = sd.mmul(sd.reshape(x, -1, s[2]), w);
            SDVariable leading = sd.stridedSlice(sd.shape(x).castTo(DataType.LONG), new long[] {0}, new long[] {2},
                    new long[] {1});
            SDVariable emitted = sd.reshape(product, sd.concat(0, leading, sd.constant(Nd4j.createFromArray(s[3]))));
            SDVariable dot = sd.tensorMmul(x, w, new int[] {2}, new int[] {0});
            INDArray in = Nd4j.randn(DataType.FLOAT, s[0], s[1], s[2]);
            Map<String, INDArray> out = sd.output(Map.of("x", in), emitted.name(), dot.name());
            double diff = out.get(emitted.name()).sub(out.get(dot.name())).amaxNumber().doubleValue();
            for (int i = 0; i < 5; i++) {
                sd.output(Map.of("x", in), emitted.name());
                sd.output(Map.of("x", in), dot.name());
            }
            int n = 30;
            long[] a = new long[n];
            long[] b = new long[n];
            for (int i = 0; i < n; i++) {
                long t0 = System.nanoTime();
                sd.output(Map.of("x", in), emitted.name());
                long t1 = System.nanoTime();
                sd.output(Map.of("x", in), dot.name());
                a[i] = t1 - t0;
                b[i] = System.nanoTime() - t1;
            }
            Arrays.sort(a);
            Arrays.sort(b);
            System.out.printf("%s: max abs diff %.2g; median flatten+matmul+reshape %.2f ms, tensordot %.2f ms%n",
                    Arrays.toString(s), diff, a[n / 2] / 1e6, b[n / 2] / 1e6);
        }
    }
}
