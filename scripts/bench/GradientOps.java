import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.impl.scalar.Step;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The gradient ops behind Layers.relu and Layers.broadcastMul, each run alone through Nd4j.exec (best of 100 after
 * the first): ReLU's stock gradient (thresholdedrelu_bp) against relu_bp, a multiplication and step; a broadcasting
 * multiply_bp (a [N] gain, a [784, 1] column) against a same-shape one and a broadcasting add_bp. Run with one
 * thread, as a sweep's candidates train:
 *   OMP_NUM_THREADS=1 java -cp "target/sentifuse.jar:target/lib/*" scripts/bench/GradientOps.java
 */
public class GradientOps {
    private static double bestMillis(Runnable op) {
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 101; i++) {
            long t = System.nanoTime();
            op.run();
            best = i == 0 ? best : Math.min(best, System.nanoTime() - t);
        }
        return best / 1e6;
    }

    private static void print(String what, double ms) {
        System.out.printf("%-48s %7.3f ms%n", what, ms);
    }

    private static DynamicCustomOp op(String name, INDArray[] in, INDArray[] out, double... args) {
        return DynamicCustomOp.builder(name).addInputs(in).addOutputs(out).addFloatingPointArguments(
                java.util.Arrays.stream(args).boxed().toArray(Double[]::new)).build();
    }

    public static void main(String[] args) {
        Nd4j.getRandom().setSeed(1);
        for (int width : new int[] {64, 256}) {
            INDArray x = Nd4j.rand(DataType.FLOAT, 784, width).subi(0.5);
            INDArray g = Nd4j.rand(DataType.FLOAT, 784, width);
            INDArray out = Nd4j.create(DataType.FLOAT, 784, width);
            INDArray out2 = Nd4j.create(DataType.FLOAT, 784, width);
            String shape = "[784, " + width + "]";
            print("thresholdedrelu_bp " + shape, bestMillis(() -> Nd4j.exec(op("thresholdedrelu_bp",
                    new INDArray[] {x, g}, new INDArray[] {out}, 0.0))));
            print("relu_bp " + shape, bestMillis(() -> Nd4j.exec(op("relu_bp", new INDArray[] {x, g},
                    new INDArray[] {out}, 0.0))));
            print("multiply " + shape, bestMillis(() -> Nd4j.exec(op("multiply", new INDArray[] {x, g},
                    new INDArray[] {out}))));
            print("step " + shape, bestMillis(() -> Nd4j.exec(new Step(x, out, 0.0))));
            print("multiply_bp same shape " + shape, bestMillis(() -> Nd4j.exec(op("multiply_bp",
                    new INDArray[] {x, g, g}, new INDArray[] {out, out2}))));
            for (long[] b : new long[][] {{width}, {784, 1}}) {
                INDArray y = Nd4j.rand(DataType.FLOAT, b);
                INDArray dy = Nd4j.create(DataType.FLOAT, b);
                String with = shape + " x " + java.util.Arrays.toString(b);
                print("multiply_bp " + with, bestMillis(() -> Nd4j.exec(op("multiply_bp",
                        new INDArray[] {x, y, g}, new INDArray[] {out, dy}))));
                print("add_bp " + with, bestMillis(() -> Nd4j.exec(op("add_bp", new INDArray[] {x, y, g},
                        new INDArray[] {out, dy}))));
            }
        }
    }
}
