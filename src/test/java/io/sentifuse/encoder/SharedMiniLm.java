package io.sentifuse.encoder;

import io.sentifuse.encoder.cache.GraphCache;
import io.sentifuse.encoder.onnx.TranslationOptions;
import io.sentifuse.encoder.verify.ModelVerifier;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One graph cache for every test in the JVM, so all-MiniLM-L6-v2 is translated and verified at most once per
 * test run (about 20 s) and then loaded from the cache (about 1 s).
 */
public final class SharedMiniLm {

    private static Path root;

    private SharedMiniLm() {
    }

    public static synchronized Path cacheRoot() {
        if (root == null) {
            try {
                root = Files.createTempDirectory("sentifuse-test-cache");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            root.toFile().deleteOnExit();
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
