package io.sentifuse.encoder;

import io.sentifuse.system.SessionArrays;
import io.sentifuse.cache.CacheRoot;
import io.sentifuse.config.ImageConfig;
import io.sentifuse.config.OutputConfig;
import io.sentifuse.encoder.cache.CacheEntry;
import io.sentifuse.encoder.cache.GraphCache;
import io.sentifuse.encoder.image.ImageModelSpec;
import io.sentifuse.encoder.image.ImageModels;
import io.sentifuse.encoder.image.PreparedImageModel;
import io.sentifuse.encoder.onnx.OnnxTranslator;
import io.sentifuse.encoder.onnx.Translation;
import io.sentifuse.encoder.onnx.TranslationOptions;
import io.sentifuse.encoder.onnx.proto.OnnxModel;
import io.sentifuse.encoder.verify.ModelVerifier;
import io.sentifuse.encoder.verify.VerificationReport;
import io.sentifuse.errors.UserInputException;
import io.sentifuse.image.ImageTransform;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A CNN image encoder (a torchvision ResNet export, or the default nsfwjs MobileNetV2 converted from TF.js),
 * translated to SameDiff, verified against ONNX Runtime and cached. Standalone it computes, for images as
 * {@link #transform()} makes them, the pooled feature vector [B, C] and the last spatial map as region vectors
 * [B, H*W, C] (cells in row-major order). For fine-tuning, {@link #attach} translates the same model into a bigger
 * graph with the CNN weights as trainable variables. Standalone, the weights are constants
 * ({@link #INFERENCE_WEIGHTS}): Conv + BatchNormalization pairs are folded and convolution weights laid out while
 * translating, and depthwise convolutions take the form the ND4J build runs fastest
 * ({@link TranslationOptions.Depthwise}).
 */
public final class ImageEncoder implements AutoCloseable {

    /**
     * Suffixes of the variables the encoder adds to a graph (after its prefix; "_1", "_2"... appended where the
     * model already has a value of that name).
     */
    public static final String POOLED = "pooled";
    public static final String REGIONS = "regions";
    /** Prefix of the standalone encoder's own ops. */
    static final String STANDALONE_PREFIX = "image_encoder/";

    /**
     * Features of one batch.
     *
     * @param pooled  [B, C] the final global average pooling's output
     * @param regions [B, H*W, C] the last spatial feature map, cell (y, x) at index y * W + x
     */
    public record Features(INDArray pooled, INDArray regions) {
    }

    /**
     * The encoder inside a caller's graph.
     *
     * @param translation the translated CNN (trainable weights in {@link Translation#weights()})
     * @param pooled      [B, C]
     * @param regions     [B, H*W, C]
     * @param spec        input size and feature shapes
     */
    public record InGraph(Translation translation, SDVariable pooled, SDVariable regions, ImageModelSpec spec) {
    }

    private final SameDiff sd;
    private final ImageModelSpec spec;
    private final ImageTransform transform;
    private final ImageModelSource source;
    private final VerificationReport verification;
    private final boolean cached;
    private final String sha256;
    private final String input;
    private final String pooled;
    private final String regions;
    private final VerifiedGraph graph;
    /** {@code image.tta: flip}: features of each image and of its mirror image averaged. */
    private final boolean flip;

    ImageEncoder(VerifiedGraph graph, ImageModelSource source, ImageConfig config) {
        this.graph = graph;
        this.flip = config.tta() == ImageConfig.Tta.FLIP;
        this.sd = graph.sd();
        this.spec = graph.entry().image();
        this.source = source;
        this.transform = ImageModels.transform(config, spec);
        this.verification = graph.entry().verification();
        this.cached = graph.cached();
        this.sha256 = graph.entry().key().sha256();
        this.input = graph.entry().inputs().get(spec.input());
        this.pooled = sd.identity(unique(sd, STANDALONE_PREFIX + POOLED),
                sd.getVariable(graph.entry().outputs().get(spec.pooled()))).name();
        this.regions = regions(sd, STANDALONE_PREFIX + REGIONS, sd.getVariable(graph.entry().outputs().get(spec.spatial())),
                spec).name();
    }

    /** The encoder the configuration names ({@code image.model}: "default" or an ONNX file), verified and cached. */
    public static ImageEncoder load(ImageConfig image, OutputConfig output) {
        Path root = CacheRoot.resolve(output.cacheDir());
        return open(ImageModelSource.fromConfig(image, root), image, root);
    }

    /**
     * How an image encoder's weights are translated for inference: as constants, so the translator folds each
     * BatchNorm into its convolution and lays each weight out once instead of on every pass (nsfwjs MobileNetV2: 102
     * ops instead of 593, batch 1 about twice as fast; README "Speed").
     */
    public static final TranslationOptions.Weights INFERENCE_WEIGHTS = TranslationOptions.Weights.CONSTANTS;

    /**
     * The encoder of {@code source} with the transform {@code image} asks for; graphs cached under {@code cacheRoot},
     * weights {@link #INFERENCE_WEIGHTS}.
     */
    public static ImageEncoder open(ImageModelSource source, ImageConfig image, Path cacheRoot) {
        return open(source, image, cacheRoot, INFERENCE_WEIGHTS);
    }

    /**
     * As {@link #open(ImageModelSource, ImageConfig, Path)}, with the weights as {@code weights} says: variables
     * where fine-tuned values are to be put into the graph ({@link TunedGraphs}).
     */
    public static ImageEncoder open(ImageModelSource source, ImageConfig image, Path cacheRoot,
                                    TranslationOptions.Weights weights) {
        EncoderGraphs graphs = new EncoderGraphs(new GraphCache(cacheRoot), ModelVerifier.DEFAULT_TOLERANCE,
                Runtime.getRuntime().availableProcessors());
        return new ImageEncoder(graphs.obtainImage(source, weights), source, image);
    }

    /** Input size, feature outputs and shapes: pooled width {@code pooledDim()}, {@code regions()} region vectors. */
    public ImageModelSpec spec() {
        return spec;
    }

    /** The transform that makes this encoder's inputs from decoded images (config + the model's preset). */
    public ImageTransform transform() {
        return transform;
    }

    /**
     * Pooled vectors and region vectors of {@code images}, FLOAT [B, 3, S, S] as {@link #transform()} makes them
     * (S = {@code spec().inputSize()}); any batch size, call after call. The results are the caller's own arrays.
     */
    public synchronized Features encode(INDArray images) {
        long s = spec.inputSize();
        if (images.rank() != 4 || images.size(1) != 3 || images.size(2) != s || images.size(3) != s || images.size(0) < 1) {
            throw new IllegalArgumentException("images must be [batch, 3, " + s + ", " + s + "] as transform() makes"
                    + " them; got " + Arrays.toString(images.shape()));
        }
        INDArray x = images.dataType() == DataType.FLOAT ? images : images.castTo(DataType.FLOAT);
        Features f = run(x);
        if (!flip) {
            return f;
        }
        // the mirror image's regions mirrored back, so region (y, x) averages the same place of both views
        long b = x.size(0);
        INDArray mirror = mirrored(x, b * 3 * s, s, 1);
        Features m = run(mirror);
        INDArray back = mirrored(m.regions(), b * spec.spatialHeight(), spec.spatialWidth(), spec.pooledDim());
        f.pooled().addi(m.pooled()).muli(0.5);
        f.regions().addi(back).muli(0.5);
        // a batch's worth of off-heap arrays per call: freed now, not whenever the collector gets to them
        for (INDArray a : new INDArray[] {mirror, m.pooled(), m.regions(), back}) {
            a.close();
        }
        return f;
    }

    /**
     * A copy of {@code a} (any shape, 'c' order, {@code outer * width * inner} values) with its {@code width} axis
     * reversed. Copied in Java on purpose: ND4J's {@code Reverse} op, run through {@code Nd4j.exec}, keeps about 1.8 MB
     * of native memory per call that nothing frees (scripts/memory/EncodeLoopMemory.java; README, Memory).
     */
    static INDArray mirrored(INDArray a, long outer, long width, long inner) {
        INDArray copy = a.dup('c');
        float[] in = copy.data().asFloat();
        copy.close();
        if (in.length != outer * width * inner) {
            throw new IllegalArgumentException("cannot mirror " + Arrays.toString(a.shape()) + " as " + outer + " x "
                    + width + " x " + inner);
        }
        float[] out = new float[in.length];
        int w = (int) width;
        int c = (int) inner;
        for (int o = 0; o < outer; o++) {
            int base = o * w * c;
            for (int i = 0; i < w; i++) {
                System.arraycopy(in, base + i * c, out, base + (w - 1 - i) * c, c);
            }
        }
        return Nd4j.create(out, a.shape(), 'c');
    }

    private Features run(INDArray x) {
        SessionArrays.install(sd);
        Map<String, INDArray> out = sd.output(Map.of(input, x), pooled, regions);
        return new Features(out.get(pooled).dup('c'), out.get(regions).dup('c'));
    }

    /**
     * The encoder of a graph stored elsewhere (a model bundle): {@code sd} as the graph cache holds it, with its
     * metadata {@code entry} (which names the feature outputs and the input transform's preset).
     */
    public static ImageEncoder fromGraph(SameDiff sd, CacheEntry entry, ImageConfig config) {
        if (entry.image() == null) {
            throw new UserInputException(entry.source() + ": the graph's metadata does not describe an image model");
        }
        return new ImageEncoder(new VerifiedGraph(sd, entry, true, null), null, config);
    }

    /** The verified graph this encoder runs: its cache entry and file (what a model bundle copies). */
    public VerifiedGraph verifiedGraph() {
        return graph;
    }

    /** The verification that admitted this graph (for run provenance). */
    public VerificationReport verification() {
        return verification;
    }

    /** Whether the graph came from the cache. */
    public boolean cached() {
        return cached;
    }

    /** SHA-256 of the model as translated (after conversion and the feature rewrite): the graph-cache key. */
    public String sha256() {
        return sha256;
    }

    /** The model, for {@link #attach(SameDiff, String, ImageModelSource, SDVariable)}. */
    public ImageModelSource source() {
        return source;
    }

    /** The graph {@link #encode} runs (bundles store it; profiling listens to its ops). */
    public SameDiff graph() {
        return sd;
    }

    /** Frees the arrays SameDiff keeps between calls (a later {@link #encode} allocates them again). */
    @Override
    public synchronized void close() {
        graph.releaseSessions();
    }

    /** {@link #attach(SameDiff, String, PreparedImageModel, SDVariable)} for a source (prepared on first use). */
    public static InGraph attach(SameDiff sd, String prefix, ImageModelSource source, SDVariable images) {
        return attach(sd, prefix, source.prepare(), images);
    }

    /**
     * Translates the CNN into {@code sd} (weights as trainable variables, BatchNormalization running statistics
     * as constants, names under {@code prefix}), fed by the caller's {@code images} variable (FLOAT
     * [B, 3, S, S]), and adds the pooled and region outputs. The model should be one that {@link #open} verified
     * (same {@link #sha256()}).
     */
    public static InGraph attach(SameDiff sd, String prefix, PreparedImageModel model, SDVariable images) {
        return attach(sd, prefix, model, images, TranslationOptions.defaults());
    }

    /** {@link #attach(SameDiff, String, PreparedImageModel, SDVariable)} with the given rewrites and weight kind. */
    public static InGraph attach(SameDiff sd, String prefix, PreparedImageModel model, SDVariable images,
                                 TranslationOptions options) {
        ImageModelSpec spec = model.spec();
        Translation t = new OnnxTranslator().translate(sd, new OnnxModel(model.model(), model.source()),
                options.withPrefix(prefix), Map.of(spec.input(), images));
        SDVariable p = sd.identity(unique(sd, prefix + POOLED), t.output(spec.pooled()));
        SDVariable r = regions(sd, prefix + REGIONS, t.output(spec.spatial()), spec);
        return new InGraph(t, p, r, spec);
    }

    /** [B, C, H, W] -> [B, H*W, C]: one C-vector per cell, row-major over (y, x). */
    static SDVariable regions(SameDiff sd, String name, SDVariable spatial, ImageModelSpec spec) {
        SDVariable flat = sd.reshape(spatial, -1, spec.spatialChannels(), spec.regions());
        return sd.permute(unique(sd, name), flat, 0, 2, 1);
    }

    /** {@code name}, or {@code name_k} with the first k that is free. */
    private static String unique(SameDiff sd, String name) {
        if (!sd.hasVariable(name)) {
            return name;
        }
        for (int k = 1; ; k++) {
            if (!sd.hasVariable(name + "_" + k)) {
                return name + "_" + k;
            }
        }
    }
}
