import com.fasterxml.jackson.databind.JsonNode;
import io.sentifuse.encoder.face.FaceFeatures;
import io.sentifuse.files.Json;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Counts what a filled face store holds: pictures with a face, faces per picture, the best face's most likely
 * expression. What README's face-features paragraph quotes. Run from the repository root after
 * {@code mvn -DskipTests package}, with the store folder that {@code sentifuse encode ... --set image.faces=emotion}
 * prints ("joined face features"):
 * {@code java -cp "target/sentifuse.jar:target/lib/*" scripts/faces/FaceStoreSummary.java ~/.cache/sentifuse/features/face-...}
 */
public class FaceStoreSummary {

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        JsonNode manifest = Json.mapper().readTree(dir.resolve("manifest.json").toFile());
        int dim = manifest.path("dim").asInt();
        if (dim != FaceFeatures.DIM) {
            throw new IllegalArgumentException(dir + " holds " + dim + "-wide vectors, not face vectors ("
                    + FaceFeatures.DIM + ")");
        }
        int emotions = FaceFeatures.EMOTIONS.size();
        int[] perCount = new int[FaceFeatures.MAX_FACES + 1];
        int[] best = new int[emotions];
        int pictures = 0;
        for (int s = 0; s < manifest.path("shards").size(); s++) {
            int rows = manifest.path("shards").path(String.valueOf(s)).path("rows").asInt();
            FloatBuffer f = ByteBuffer.wrap(Files.readAllBytes(dir.resolve(String.format("shard-%05d.f32", s))))
                    .order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
            for (int r = 0; r < rows; r++) {
                // a shard holds the pooled vectors of its rows first
                int faces = Math.round(f.get(r * dim) * FaceFeatures.MAX_FACES);
                perCount[faces]++;
                pictures++;
                if (faces > 0) {
                    int arg = 0;
                    for (int e = 1; e < emotions; e++) {
                        arg = f.get(r * dim + 3 + e) > f.get(r * dim + 3 + arg) ? e : arg;
                    }
                    best[arg]++;
                }
            }
        }
        System.out.printf("%d pictures, %d with a face%n", pictures, pictures - perCount[0]);
        for (int k = 0; k <= FaceFeatures.MAX_FACES; k++) {
            System.out.printf("  %d face(s): %d%n", k, perCount[k]);
        }
        for (int e = 0; e < emotions; e++) {
            System.out.printf("  best face %s: %d%n", FaceFeatures.EMOTIONS.get(e), best[e]);
        }
    }
}
