import io.sentifuse.cache.CacheRoot;
import io.sentifuse.encoder.face.FaceEncoder;
import io.sentifuse.image.ImageDecoder;
import io.sentifuse.image.ImageTransform;
import io.sentifuse.image.ImageTransforms;
import io.sentifuse.system.ProcStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Resident memory and time of the face encoder over a folder of images, batches of 16 as the fill makes them,
 * with ({@code gc}) or without ({@code nogc}) a collection after every batch: what the comment in ImageFill quotes.
 * Run from the repository root after {@code mvn -DskipTests package}:
 * {@code java -cp "target/sentifuse.jar:target/lib/*" scripts/memory/FaceFillMemory.java gc 800 ../shared/datasets/mvsa-single/data}
 * (images 1.jpg, 2.jpg, ... up to N).
 */
public class FaceFillMemory {

    private static final int BATCH = 16;

    public static void main(String[] args) throws Exception {
        if (args.length != 3 || !args[0].matches("gc|nogc")) {
            System.err.println("usage: FaceFillMemory gc|nogc IMAGES DATA_DIR");
            System.exit(2);
        }
        boolean gc = args[0].equals("gc");
        int n = Integer.parseInt(args[1]);
        Path data = Path.of(args[2]);
        ImageDecoder decoder = new ImageDecoder();
        ImageTransform transform = ImageTransforms.create(FaceEncoder.transform());
        int s = transform.size();
        int per = 3 * s * s;
        int withFace = 0;
        long start = System.nanoTime();
        try (FaceEncoder faces = FaceEncoder.open(CacheRoot.resolve(null))) {
            for (int from = 1; from <= n; from += BATCH) {
                List<float[]> images = new ArrayList<>();
                for (int i = from; i < from + BATCH && i <= n; i++) {
                    Path file = data.resolve(i + ".jpg");
                    if (Files.isRegularFile(file)) {
                        images.add(transform.apply(decoder.decode(file)));
                    }
                }
                float[] batch = new float[images.size() * per];
                for (int k = 0; k < images.size(); k++) {
                    System.arraycopy(images.get(k), 0, batch, k * per, per);
                }
                INDArray x = Nd4j.create(batch, new long[] {images.size(), 3, s, s}, 'c');
                for (float[] v : faces.encode(x)) {
                    withFace += v[0] > 0 ? 1 : 0;
                }
                x.close();
                if (gc) {
                    Nd4j.getMemoryManager().invokeGc();
                }
                if ((from / BATCH) % 10 == 0) {
                    System.out.printf(Locale.ROOT, "%s %d images resident_mb=%d %.1f s%n", args[0], from + images.size() - 1,
                            ProcStatus.bytes("VmRSS") >> 20, (System.nanoTime() - start) / 1e9);
                }
            }
        }
        System.out.printf(Locale.ROOT, "%s %d images, %d with a face: resident_mb=%d %.1f s%n", args[0], n, withFace,
                ProcStatus.bytes("VmRSS") >> 20, (System.nanoTime() - start) / 1e9);
    }
}
