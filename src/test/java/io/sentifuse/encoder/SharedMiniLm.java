package io.sentifuse.encoder;

import io.sentifuse.cache.CacheRoot;
import io.sentifuse.encoder.cache.GraphCache;
import io.sentifuse.encoder.onnx.TranslationOptions;
import io.sentifuse.encoder.verify.ModelVerifier;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * One graph cache for every test in the JVM, so all-MiniLM-L6-v2 is translated and verified at most once per
 * test run (about 20 s) and then loaded from the cache (about 1 s).
 */
public final class SharedMiniLm {

    /**
     * Another cache folder for a whole test run: the parity run on a second ND4J binary ({@code pom.xml}, execution
     * {@code parity-other-binary}) must translate and verify every graph again on that binary, not load what the
     * first run verified on its own.
     */
    static final String ROOT_PROPERTY = "sentifuse.test.cache";

    private static Path root;

    private SharedMiniLm() {
    }

    /**
     * The graph cache every test of a build shares ({@code target/test-cache}, as the fixture experiments use, or
     * {@value #ROOT_PROPERTY}): each model is translated and verified once per build, and {@code mvn clean} removes
     * it.
     */
    public static synchronized Path cacheRoot() {
        if (root == null) {
            Path shared = Path.of("target", "test-cache").toAbsolutePath();
            String given = System.getProperty(ROOT_PROPERTY, "");
            root = given.isBlank() ? shared : Path.of(given).toAbsolutePath();
            if (!root.equals(shared)) {
                seedDownloads(shared, root);
            }
        }
        return root;
    }

    /** Copies the npm tarballs the shared cache already holds (checked against their hash on use): no second download. */
    private static void seedDownloads(Path from, Path to) {
        Path source = CacheRoot.npm(from);
        if (!Files.isDirectory(source)) {
            return;
        }
        try (Stream<Path> files = Files.list(source)) {
            Path target = Files.createDirectories(CacheRoot.npm(to));
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".tgz")).toList()) {
                if (!Files.exists(target.resolve(f.getFileName()))) {
                    Files.copy(f, target.resolve(f.getFileName()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy the npm tarballs from " + source + " to " + to, e);
        }
    }

    public static EncoderGraphs graphs() {
        return new EncoderGraphs(new GraphCache(cacheRoot()), ModelVerifier.DEFAULT_TOLERANCE, 2);
    }

    /** The verified MiniLM graph (weights as variables), from the shared cache when another test made it. */
    public static VerifiedGraph graph() {
        return graphs().obtain(ModelSource.defaultText(), KindSupport.of(ModelKind.TEXT), TranslationOptions.Weights.VARIABLES);
    }
}
