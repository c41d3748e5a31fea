import io.sentifuse.cache.CacheRoot;
import io.sentifuse.config.ImageConfig;
import io.sentifuse.encoder.ImageEncoder;
import io.sentifuse.encoder.ImageModelSource;
import io.sentifuse.encoder.tfjs.NsfwjsModel;
import io.sentifuse.system.ProcStatus;
import java.util.Locale;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.custom.Reverse;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Resident memory of a loop, printed every 10 iterations after a collection: what README's Memory section quotes.
 * {@code none N} / {@code flip N}: N batches of 16 random images through the default MobileNetV2 encoder, plain or
 * flip-averaged (graph from the user cache, translated on first use); {@code reverse N}: N calls of ND4J's Reverse
 * op on such a batch, each result closed. Run it from the repository root after {@code mvn -DskipTests package}:
 * {@code java -cp "target/sentifuse.jar:target/lib/*" scripts/memory/EncodeLoopMemory.java flip 60}
 * (prefix {@code MALLOC_MMAP_THRESHOLD_=1048576} to compare glibc settings).
 */
public class EncodeLoopMemory {

    private static final int BATCH = 16;
    private static final int REPORT_EVERY = 10;

    public static void main(String[] args) throws Exception {
        if (args.length != 2 || !args[0].matches("none|flip|reverse")) {
            System.err.println("usage: EncodeLoopMemory none|flip|reverse ITERATIONS");
            System.exit(2);
        }
        String mode = args[0];
        int n = Integer.parseInt(args[1]);
        long start = System.nanoTime();
        if (mode.equals("reverse")) {
            INDArray x = Nd4j.rand(DataType.FLOAT, BATCH, 3, 224, 224);
            for (int i = 1; i <= n; i++) {
                Nd4j.exec(new Reverse(x, 3))[0].close();
                report(mode, i, start);
            }
            return;
        }
        ImageConfig config = new ImageConfig("default", ImageConfig.Resize.AUTO, 224, 256, ImageConfig.Normalize.AUTO,
                "", mode.equals("flip") ? ImageConfig.Tta.FLIP : ImageConfig.Tta.NONE, ImageConfig.Faces.NONE);
        java.nio.file.Path cache = CacheRoot.resolve(null);
        try (ImageEncoder encoder = ImageEncoder.open(ImageModelSource.nsfwjs(cache, NsfwjsModel.MOBILENET_V2), config,
                cache)) {
            for (int i = 1; i <= n; i++) {
                INDArray x = Nd4j.rand(DataType.FLOAT, BATCH, 3, 224, 224);
                ImageEncoder.Features f = encoder.encode(x);
                for (INDArray a : new INDArray[] {f.pooled(), f.regions(), x}) {
                    a.close();
                }
                report(mode, i, start);
            }
        }
    }

    private static void report(String mode, int i, long start) throws InterruptedException {
        if (i % REPORT_EVERY != 0) {
            return;
        }
        System.gc();
        Thread.sleep(300); // ND4J frees collected arrays on its deallocator thread
        System.out.printf(Locale.ROOT, "%s %d resident_mb=%d %.2f s/iteration%n", mode, i,
                ProcStatus.bytes("VmRSS") >> 20, (System.nanoTime() - start) / 1e9 / i);
    }
}
