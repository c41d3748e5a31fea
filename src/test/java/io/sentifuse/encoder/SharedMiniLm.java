package io.sentifuse.encoder;

import io.sentifuse.encoder.cache.GraphCache;
import io.sentifuse.encoder.onnx.TranslationOptions;
import io.sentifuse.encoder.verify.ModelVerifier;
import java.nio.file.Path;

/**
 * One graph cache for every test in the JVM, so all-MiniLM-L6-v2 is translated and verified at most once per
 * test run (about 20 s) and then loaded from the cache (about 1 s).
 */
public final class SharedMiniLm {

    private static Path root;

    private SharedMiniLm() {
    }

    /**
     * The graph cache every test of a build shares ({@code target/test-cache}, as the fixture experiments use):
     * each model is translated and verified once per build, and {@code mvn clean} removes it.
     */
    public static synchronized Path cacheRoot() {
        if (root == null) {
            root = Path.of("target", "test-cache").toAbsolutePath();
        }
        return root;
    }

    public static EncoderGraphs graphs() {
        return new EncoderGraphs(new GraphCache(cacheRoot()), ModelVerifier.DEFAULT_TOLERANCE, 2);
    }

    /** The verified MiniLM graph (weights as variables), from the shared cache when another test made it. */
    public static VerifiedGraph graph() {
        return graphs().obtain(ModelSource.defaultText(), KindSupport.of(ModelKind.TEXT), TranslationOptions.Weights.VARIABLES);
    }
}
