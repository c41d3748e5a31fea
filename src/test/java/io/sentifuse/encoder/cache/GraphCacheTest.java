package io.sentifuse.encoder.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.sentifuse.cache.CacheRoot;
import io.sentifuse.encoder.SharedMiniLm;
import io.sentifuse.encoder.onnx.ModelBuilder;
import io.sentifuse.encoder.onnx.OnnxTranslator;
import io.sentifuse.encoder.onnx.Translation;
import io.sentifuse.encoder.onnx.TranslationOptions;
import io.sentifuse.encoder.verify.VerificationReport;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class GraphCacheTest {

    @TempDir
    Path root;

    private final CacheKey key = new CacheKey("ab".repeat(32), OnnxTranslator.VERSION, "variables");

    private Translation translation() {
        return new OnnxTranslator().translate(new ModelBuilder(13)
                .input("x", DataType.FLOAT, -1, 3)
                .initializer("w", Nd4j.arange(6).castTo(DataType.FLOAT).reshape(3, 2))
                .node("MatMul", List.of("x", "w"), List.of("y"))
                .output("y", DataType.FLOAT, -1, 2)
                .model(), TranslationOptions.defaults());
    }

    private CacheEntry store(GraphCache cache, Translation t) {
        VerificationReport ok = new VerificationReport(true, 1e-4, 0, 0, "y", "1x3", List.of(), "1.20.0", 0.1);
        return cache.store(key, t.sd(), new CacheEntry(key, "test.onnx", "text", List.of(), null,
                Map.of("x", t.inputs().get("x").name()), Map.of("y", t.output("y").name()), t.weights(), t.ops(), 0, null, ok, null, null));
    }

    @Test
    void storedGraphLoadsWithItsNamesAndComputesTheSame() throws Exception {
        GraphCache cache = new GraphCache(root);
        Translation t = translation();
        CacheEntry stored = store(cache, t);
        assertThat(stored.graphCrc32c()).isNotBlank();
        assertThat(stored.graphBytes()).isEqualTo(Files.size(cache.folder(key).resolve("graph.sd")));
        GraphCache.Loaded loaded = cache.load(key).orElseThrow();
        assertThat(loaded.entry()).isEqualTo(stored);
        INDArray x = Nd4j.rand(DataType.FLOAT, 4, 3);
        String in = stored.inputs().get("x");
        String out = stored.outputs().get("y");
        assertThat(loaded.sd().output(Map.of(in, x), out).get(out))
                .isEqualTo(t.sd().output(Map.of(in, x), out).get(out));
        try (Stream<Path> s = Files.list(root.resolve("graphs"))) {
            // no temporary folder is left behind (the entry's lock file stays, empty, for the next user)
            assertThat(s.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(key.folder(),
                    key.folder() + ".lock");
        }
    }

    @Test
    void damagedGraphFileIsRemovedAndReportedMissing() throws Exception {
        GraphCache cache = new GraphCache(root);
        store(cache, translation());
        Path graph = cache.folder(key).resolve("graph.sd");
        try (RandomAccessFile f = new RandomAccessFile(graph.toFile(), "rw")) {
            f.seek(f.length() / 2);
            int b = f.read();
            f.seek(f.length() / 2);
            f.write(b ^ 0x5a);
        }
        assertThat(cache.load(key)).isEmpty();
        assertThat(cache.folder(key)).doesNotExist();
    }

    @Test
    void truncatedGraphAndGarbageMetadataAreNotTrusted() throws Exception {
        GraphCache cache = new GraphCache(root);
        store(cache, translation());
        Path graph = cache.folder(key).resolve("graph.sd");
        Files.write(graph, java.util.Arrays.copyOf(Files.readAllBytes(graph), 100));
        assertThat(cache.load(key)).isEmpty();

        store(cache, translation());
        Files.writeString(cache.folder(key).resolve("entry.json"), "{ not json");
        assertThat(cache.load(key)).isEmpty();
        assertThat(cache.folder(key)).doesNotExist();
    }

    @Test
    void cacheRootFollowsSettingThenEnvironmentThenHome() {
        assertThat(CacheRoot.resolve("/data/cache")).isEqualTo(Path.of("/data/cache"));
        assertThat(CacheRoot.resolve("/data/cache", "/env/cache", "/home/u")).isEqualTo(Path.of("/data/cache"));
        assertThat(CacheRoot.resolve("", "/env/cache", "/home/u")).isEqualTo(Path.of("/env/cache"));
        assertThat(CacheRoot.resolve(null, " ", "/home/u")).isEqualTo(Path.of("/home/u/.cache/sentifuse"));
    }

    @Test
    void testsFallBackToTheBuildsTestCacheNeverTheUsers() {
        // pom.xml's surefire configuration sets SENTIFUSE_CACHE: no test may fill ~/.cache/sentifuse.
        assertThat(CacheRoot.resolve("")).isEqualTo(SharedMiniLm.cacheRoot());
    }
}
