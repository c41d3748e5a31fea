package io.sentifuse.data.stream;

import io.sentifuse.data.Dataset;
import io.sentifuse.data.DatasetFormats;
import io.sentifuse.data.TestStretch;
import io.sentifuse.data.TestTokenizer;
import io.sentifuse.repro.Json;
import java.nio.file.Path;

/**
 * Runs {@link DataBenchmark} with the test-only bilinear stretch to 224x224 (until {@code sentifuse bench
 * data} wires the real transforms). Not a test. Usage, after {@code mvn -q -o test-compile}:
 * {@code java -cp target/test-classes:target/classes:<test classpath> io.sentifuse.data.stream.DataBenchmarkMain
 * DIR [workers] [batch] [repeats]}.
 */
public final class DataBenchmarkMain {

    private DataBenchmarkMain() {
    }

    public static void main(String[] args) {
        Path dir = Path.of(args.length > 0 ? args[0] : "../shared/datasets/mvsa-single");
        int workers = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        int batch = args.length > 2 ? Integer.parseInt(args[2]) : 32;
        int repeats = args.length > 3 ? Integer.parseInt(args[3]) : 1;
        Dataset d = DatasetFormats.read(dir, "mvsa-single");
        for (int i = 0; i < repeats; i++) {
            DataBenchmark.Result r = DataBenchmark.run(d.items(), new TestTokenizer(), new TestStretch(224), 128,
                    workers, batch, 4, 2);
            System.out.println(Json.line(r));
        }
    }
}
