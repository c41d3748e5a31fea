package io.sentifuse.encoder.bench;

import io.sentifuse.config.ImageConfig;
import io.sentifuse.encoder.ImageEncoder;
import io.sentifuse.encoder.ImageModelSource;
import io.sentifuse.encoder.fixture.ResNetFixture;
import io.sentifuse.encoder.image.DefaultImageModel;
import io.sentifuse.encoder.image.ImageBatchRunner;
import io.sentifuse.encoder.image.ImageModelSpec;
import io.sentifuse.encoder.image.ImageThroughput;
import io.sentifuse.encoder.image.OrtImageRunner;
import io.sentifuse.system.LoadedNd4jBinary;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * Times image feature extraction (pooled vector and spatial map) in SameDiff, through the verified and cached
 * {@link ImageEncoder} as the pipeline calls it, and in ONNX Runtime on the same rewritten model: both engines
 * limited to the same thread count, warmed up, then measured alternately ({@link ImageThroughput#interleaved}).
 */
public final class ImageBenchmark {

    /** Seed of the benchmark images. */
    static final long SEED = 20_240_614L;
    /** Seed of the ResNet fixtures' weights (as the tests use). */
    static final long FIXTURE_SEED = 42;

    /** What to measure. */
    public record Settings(int batch, int threads, int warmup, int iterations, int profilePasses) {
    }

    private ImageBenchmark() {
    }

    /**
     * The model {@code --model} names: {@code default} (nsfwjs MobileNetV2), {@code nsfwjs-inception-v3}, {@code resnet18} / {@code resnet50}
     * (generated torchvision-style fixtures, BatchNormalization folded as the default export writes it; with
     * {@code -bn}: kept), else an ONNX file.
     */
    public static ImageModelSource source(String model, Path cacheRoot) {
        String m = model.toLowerCase(Locale.ROOT);
        for (ResNetFixture.Depth depth : ResNetFixture.Depth.values()) {
            for (ResNetFixture.BatchNorm bn : ResNetFixture.BatchNorm.values()) {
                if (m.equals(depth.id() + (bn == ResNetFixture.BatchNorm.KEPT ? "-bn" : ""))) {
                    try {
                        Path dir = Files.createDirectories(cacheRoot.resolve("fixtures"));
                        return ImageModelSource.file(ResNetFixture.ensure(dir, depth, bn, FIXTURE_SEED));
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot write the ResNet fixture under " + cacheRoot, e);
                    }
                }
            }
        }
        return ImageModelSource.named(DefaultImageModel.named(m).isPresent() ? m : model, cacheRoot);
    }

    public static ImageBenchResult run(ImageModelSource source, ImageConfig image, Path cacheRoot, Settings s) {
        int[] previous = {Nd4j.getEnvironment().maxThreads(), Nd4j.getEnvironment().maxMasterThreads(),
                NativeOpsHolder.getInstance().getDeviceNativeOps().ompGetMaxThreads(), Nd4j.factory().blas().getMaxThreads()};
        try (ImageEncoder encoder = ImageEncoder.open(source, image, cacheRoot);
                OrtImageRunner ort = new OrtImageRunner(source.prepare().model(), encoder.spec().input(), s.threads())) {
            TextBenchmark.limitNd4jThreads(s.threads(), s.threads(), s.threads(), s.threads());
            ImageModelSpec spec = encoder.spec();
            EncoderRunner sd = new EncoderRunner(encoder);
            List<ImageThroughput.Result> r = ImageThroughput.interleaved(List.of(sd, ort), spec, s.batch(), s.warmup(),
                    s.iterations(), SEED);
            float[] x = ImageThroughput.images(spec, s.batch(), SEED);
            float[] ours = sd.run(x, s.batch(), spec.inputSize(), List.of(spec.pooled())).get(spec.pooled());
            float[] ref = ort.run(x, s.batch(), spec.inputSize(), List.of(spec.pooled())).get(spec.pooled());
            double diff = 0;
            for (int i = 0; i < ref.length; i++) {
                diff = Math.max(diff, Math.abs(ours[i] - ref[i]));
            }
            ForwardProfile.Result profile = null;
            if (s.profilePasses() > 0) {
                INDArray batch = Nd4j.createFromArray(x).reshape(s.batch(), 3, spec.inputSize(), spec.inputSize());
                profile = ForwardProfile.of(encoder.graph(), () -> encoder.encode(batch), s.profilePasses());
            }
            ImageThroughput.Result a = r.get(0);
            ImageThroughput.Result b = r.get(1);
            return new ImageBenchResult(source.name(), encoder.sha256(), s.batch(), s.threads(), s.warmup(),
                    a.batchMs(), b.batchMs(), a.medianBatchMs(), b.medianBatchMs(), a.imagesPerSecond(),
                    b.imagesPerSecond(), a.medianBatchMs() / b.medianBatchMs(), diff, spec.pooledDim(), spec.regions(),
                    LoadedNd4jBinary.read().name(), profile);
        } finally {
            TextBenchmark.limitNd4jThreads(previous[0], previous[1], previous[2], previous[3]);
        }
    }

    /**
     * The encoder as a batch runner: {@link ImageEncoder#encode}, the pipeline's own call (regions reordered to
     * [B, H*W, C] included), returned under the spec's pooled and spatial output names.
     */
    private record EncoderRunner(ImageEncoder encoder) implements ImageBatchRunner {

        @Override
        public Map<String, float[]> run(float[] nchw, int batch, int size, List<String> outputs) {
            ImageEncoder.Features f = encoder.encode(Nd4j.createFromArray(nchw).reshape(batch, 3, size, size));
            return Map.of(encoder.spec().pooled(), f.pooled().data().asFloat(), encoder.spec().spatial(),
                    f.regions().data().asFloat());
        }

        @Override
        public String engine() {
            return "samediff";
        }

        @Override
        public void close() {
            // the encoder is closed by its owner
        }
    }
}
