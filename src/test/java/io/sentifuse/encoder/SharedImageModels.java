package io.sentifuse.encoder;

import io.sentifuse.config.ConfigLoader;
import io.sentifuse.config.ImageConfig;
import io.sentifuse.encoder.fixture.ResNetFixture;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Image encoders shared by every test in the JVM: each model is written, translated and verified at most once
 * per build (ResNet-50 takes ~10 s on 2 cores) in the shared test cache, and later tests get the same encoder
 * object. Without npm or its registry (no nsfwjs tarball) the tests that need it skip, naming what is missing.
 */
public final class SharedImageModels {

    /** Seed of the ResNet fixtures' weights. */
    public static final long SEED = 42;

    private static final Map<String, ImageEncoder> ENCODERS = new ConcurrentHashMap<>();

    private SharedImageModels() {
    }

    /**
     * The build's shared test cache ({@link SharedMiniLm#cacheRoot()}, under target/): graphs, fixtures and the
     * nsfwjs tarball are made once per build and removed by {@code mvn clean}.
     */
    public static Path cacheRoot() {
        return SharedMiniLm.cacheRoot();
    }

    /** The image settings of base.yaml (resize and normalisation: the model's own). */
    public static ImageConfig defaults() {
        return ConfigLoader.defaults(List.of()).image();
    }

    /**
     * The default model's source; skips the calling test only when the nsfwjs tarball cannot be had
     * ({@link NsfwjsTarball}), and fails it on any other error.
     */
    public static ImageModelSource defaultSource() {
        NsfwjsTarball.assumeObtainable(cacheRoot());
        return ImageModelSource.defaultModel(cacheRoot());
    }

    /** The verified default encoder (nsfwjs MobileNetV2). */
    public static ImageEncoder defaultEncoder() {
        ImageModelSource source = defaultSource();
        return ENCODERS.computeIfAbsent("default", k -> ImageEncoder.open(source, defaults(), cacheRoot()));
    }

    /** A ResNet fixture file (written once into the cache folder; ~47 MB for ResNet-18, ~100 MB for ResNet-50). */
    public static Path resnetFile(ResNetFixture.Depth depth, ResNetFixture.BatchNorm bn) {
        try {
            Path dir = Files.createDirectories(cacheRoot().resolve("fixtures"));
            synchronized (SharedImageModels.class) {
                return ResNetFixture.ensure(dir, depth, bn, SEED);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The verified encoder of a ResNet fixture, as a user's torchvision export goes through it. */
    public static ImageEncoder resnet(ResNetFixture.Depth depth, ResNetFixture.BatchNorm bn) {
        return ENCODERS.computeIfAbsent(depth + "-" + bn, k -> ImageEncoder.open(
                ImageModelSource.file(resnetFile(depth, bn)), defaults(), cacheRoot()));
    }
}
