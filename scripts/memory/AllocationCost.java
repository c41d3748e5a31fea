import java.util.Locale;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * What one native array allocation costs on this machine: N allocations of FLOAT arrays of the given element
 * count, each closed at once, three rounds with a collection between; prints microseconds per allocation. README's
 * Speed section quotes it for 786,432 elements (3 MB: a MiniLM feed-forward activation at batch 8 x 64) and
 * 3,145,728 (12 MB). Run it from the repository root after {@code mvn -DskipTests package}:
 * {@code OPENBLAS_CORETYPE=SkylakeX java -cp "target/sentifuse.jar:target/lib/*" scripts/memory/AllocationCost.java
 * 786432 300} (prefix {@code MALLOC_MMAP_THRESHOLD_=33554432 MALLOC_TRIM_THRESHOLD_=17179869184} to compare glibc
 * settings).
 */
public class AllocationCost {

    private static final int ROUNDS = 3;

    public static void main(String[] args) {
        long elements = Long.parseLong(args[0]);
        int allocations = Integer.parseInt(args[1]);
        for (int round = 0; round < ROUNDS; round++) {
            long start = System.nanoTime();
            for (int i = 0; i < allocations; i++) {
                INDArray a = Nd4j.createUninitializedDetached(DataType.FLOAT, elements);
                a.close();
            }
            double micros = (System.nanoTime() - start) / 1e3 / allocations;
            System.out.printf(Locale.ROOT, "round %d: %d elements, %.1f us per allocation%n", round + 1, elements,
                    micros);
            System.gc();
        }
    }
}
