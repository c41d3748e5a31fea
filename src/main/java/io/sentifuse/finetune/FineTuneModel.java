package io.sentifuse.finetune;

import io.sentifuse.config.ConfigSchema;
import io.sentifuse.config.FusionConfig;
import io.sentifuse.config.ImageConfig;
import io.sentifuse.config.TextConfig;
import io.sentifuse.config.TrainingConfig;
import io.sentifuse.data.stream.PairBatch;
import io.sentifuse.encoder.ImageEncoder;
import io.sentifuse.encoder.TextEncoder;
import io.sentifuse.encoder.TokenTensors;
import io.sentifuse.features.FeatureDims;
import io.sentifuse.fusion.FusionGraph;
import io.sentifuse.fusion.FusionModel;
import io.sentifuse.image.ImageTransform;
import io.sentifuse.model.NamedArrays;
import io.sentifuse.model.ParamSpec;
import io.sentifuse.model.TrainableModel;
import io.sentifuse.seeds.Seeds;
import io.sentifuse.text.Tokenizer;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * End-to-end fine-tuning as one SameDiff graph: token ids and attention mask go through the text encoder,
 * images through the CNN (both translated from the verified ONNX models with their weights as variables), their
 * outputs (pooled vectors, token states, region vectors: whatever the head declares) feed the configured fusion
 * head, and a {@link FusionGraph} adds the loss and predictions exactly as in frozen mode ({@link
 * FineTuneGraphBuilder} builds it).
 *
 * <p>Trainable: the head's parameters (group {@value ParamSpec#HEAD}) and the weights of the encoders
 * {@code training.finetune} names (group {@value ParamSpec#ENCODER}; matrices, convolution kernels and
 * embedding tables decay, vectors such as biases and norm scales do not, as in BERT fine-tuning). An encoder
 * that does not train keeps its pretrained weights and runs outside the gradient graph, as its verified
 * inference graph, whose outputs this model feeds to the head on every call. Encoder weights that do not reach
 * the loss (the CNN's own classifier) are left out. Differences from frozen mode, by design: no feature
 * standardisation (the statistics would move as the encoders train; the head sees raw encoder outputs), and the
 * encoders run as exported (ONNX inference graphs: no dropout inside them; BatchNormalization uses its running
 * statistics, which stay fixed, while its scale and shift train: the usual choice at batch sizes of 4-16).
 */
public final class FineTuneModel implements TrainableModel<PairBatch> {

    /** Token ids, INT64 {@code [B, T]}. */
    public static final String TOKEN_IDS = "input/token_ids";
    /** Attention mask, INT64 {@code [B, T]}. */
    public static final String ATTENTION_MASK = "input/attention_mask";
    /** Images, FLOAT {@code [B, 3, S, S]}. */
    public static final String IMAGES = "input/images";
    /** Prefix of the text encoder's variables. */
    public static final String TEXT_PREFIX = "text/";
    /** Prefix of the image encoder's variables. */
    public static final String IMAGE_PREFIX = "image/";

    private final FusionGraph graph;
    private final FineTuneEncoders encoders;
    private final TextConfig text;
    private final ImageConfig image;
    private final FusionConfig fusion;
    private final TrainingConfig.Finetune finetune;
    private final FeatureDims dims;
    private final Map<String, String> textWeights;
    private final Map<String, String> imageWeights;
    private final Map<String, ParamSpec> specs;
    private final List<String> parameterNames;
    private final Set<String> inputs;
    /** Where a fixed CNN's features come from when not from running it: a lookup by pair id, or null. */
    private Function<String[], ImageEncoder.Features> frozenImageFeatures;
    /** Where a fixed text encoder's features come from when not from running it: a lookup by pair ids and mask. */
    private BiFunction<String[], INDArray, TextEncoder.Features> frozenTextFeatures;

    FineTuneModel(FusionGraph graph, FineTuneEncoders encoders, TextConfig text, ImageConfig image,
                          FusionConfig fusion, TrainingConfig.Finetune finetune, FeatureDims dims,
                          Map<String, String> textWeights, Map<String, String> imageWeights,
                          Map<String, ParamSpec> specs, Set<String> inputs) {
        this.graph = graph;
        this.encoders = encoders;
        this.text = text;
        this.image = image;
        this.fusion = fusion;
        this.finetune = finetune;
        this.dims = dims;
        this.textWeights = textWeights;
        this.imageWeights = imageWeights;
        this.specs = Collections.unmodifiableMap(specs);
        this.parameterNames = List.copyOf(specs.keySet());
        this.inputs = Set.copyOf(inputs);
    }

    /** Builds the graph for {@code encoders} and the configured head, head initialised from {@code seeds}. */
    static FineTuneModel build(FineTuneEncoders encoders, TextConfig text, ImageConfig image, FusionConfig fusion,
                               TrainingConfig.Finetune finetune, Seeds seeds) {
        return FineTuneGraphBuilder.build(encoders, text, image, fusion, finetune, seeds);
    }

    @Override
    public String headName() {
        return graph.head().name();
    }

    @Override
    public Map<String, ParamSpec> parameterSpecs() {
        return specs;
    }

    @Override
    public INDArray parameter(String name) {
        return graph.sd().getArrForVarName(name);
    }

    /** Any variable's live array (trainable or not), e.g. a frozen encoder weight. */
    public INDArray variable(String name) {
        if (!graph.sd().hasVariable(name)) {
            throw new IllegalArgumentException("no variable " + name);
        }
        return graph.sd().getArrForVarName(name);
    }

    /** The text encoder's weights: ONNX initializer name to graph variable (empty when the head reads no text). */
    public Map<String, String> textWeights() {
        return textWeights;
    }

    /** The CNN's weights: ONNX initializer name to graph variable (empty when the head reads no image). */
    public Map<String, String> imageWeights() {
        return imageWeights;
    }

    /** The graph variable of the word-embedding table, or null without a text encoder. */
    public String wordEmbeddings() {
        return encoders.text() == null ? null : textWeights.get(encoders.text().wordEmbeddings());
    }

    public TrainingConfig.Finetune finetune() {
        return finetune;
    }

    public FusionConfig fusion() {
        return fusion;
    }

    public FeatureDims dims() {
        return dims;
    }

    public TextConfig textConfig() {
        return text;
    }

    public ImageConfig imageConfig() {
        return image;
    }

    /** The tokenizer that makes this model's token ids. */
    public Tokenizer tokenizer() {
        return encoders.tokenizer();
    }

    /** The transform that makes this model's image inputs. */
    public ImageTransform transform() {
        return encoders.transform();
    }

    FineTuneEncoders encoders() {
        return encoders;
    }

    /** The whole graph (encoders, head, loss). */
    public SameDiff graph() {
        return graph.sd();
    }

    /** Names of the exposed outputs (attention weights, gates). */
    public List<String> exposedOutputs() {
        return graph.exposedOutputs();
    }

    @Override
    public Gradients gradients(PairBatch batch, float[] exampleWeights, long stepSeed) {
        reclaim();
        return graph.gradients(feed(batch), batch.labels(), exampleWeights, stepSeed, parameterNames);
    }

    /**
     * Frees the native memory of arrays the previous pass left unreachable. ND4J releases an array's buffer when
     * its Java object is collected; a pass through a CNN at 224 x 224 leaves gigabytes of such buffers behind
     * (activations the graph session neither reuses nor closes) while the Java heap stays small, so collections
     * would come rarely and resident memory would grow by ~2 GB per step at batch 8 (measured). One full collection
     * per pass keeps memory flat; it is not free: 75-95 ms of pause in a 1.0-1.7 s MiniLM fine-tuning step (Java
     * Flight Recorder, {@code bench finetune --finetune text}, 2026-12-08), and freeing the step's arrays without it
     * let resident memory grow to 9-11 GB (README, Speed).
     */
    private static void reclaim() {
        System.gc();
    }

    /**
     * Reads the fixed CNN's features of a batch's pairs from {@code lookup} (by pair id) instead of running the CNN
     * on its images, which the batches then need not carry: a feature cache holds what the CNN would return.
     */
    public void readFrozenImageFeatures(Function<String[], ImageEncoder.Features> lookup) {
        if (finetune.image()) {
            throw new IllegalStateException("the image encoder trains (training.finetune is "
                    + ConfigSchema.yamlEnum(finetune) + "): its features cannot come from a cache");
        }
        this.frozenImageFeatures = lookup;
    }

    /**
     * Reads the fixed text encoder's features of a batch's pairs from {@code lookup} (by pair ids and the batch's
     * attention mask) instead of running the encoder on their tokens: a feature cache holds what it would return.
     */
    public void readFrozenTextFeatures(BiFunction<String[], INDArray, TextEncoder.Features> lookup) {
        if (finetune.text()) {
            throw new IllegalStateException("the text encoder trains (training.finetune is "
                    + ConfigSchema.yamlEnum(finetune) + "): its features cannot come from a cache");
        }
        this.frozenTextFeatures = lookup;
    }

    /** The training objective on a batch with dropout off. */
    public double loss(PairBatch batch, float[] exampleWeights) {
        return graph.loss(feed(batch), batch.labels(), exampleWeights);
    }

    @Override
    public Predictions predict(PairBatch batch) {
        reclaim();
        return graph.predict(feed(batch), batch.labels());
    }

    /** The exposed outputs {@code names} for a batch, dropout off. */
    public Map<String, INDArray> exposed(PairBatch batch, String... names) {
        return graph.exposed(feed(batch), names);
    }

    private Map<String, INDArray> feed(PairBatch batch) {
        Map<String, INDArray> ph = new HashMap<>();
        put(ph, TOKEN_IDS, batch.tokenIds());
        put(ph, ATTENTION_MASK, batch.attentionMask());
        put(ph, IMAGES, batch.images());
        if (inputs.contains(FusionModel.TEXT_POOLED) || inputs.contains(FusionModel.TEXT_TOKENS)) {
            TextEncoder.Features f = frozenTextFeatures != null
                    ? frozenTextFeatures.apply(batch.ids(), batch.attentionMask())
                    : encoders.frozenText().encode(new TokenTensors(batch.tokenIds(), batch.attentionMask(),
                    Nd4j.zerosLike(batch.tokenIds())));
            put(ph, FusionModel.TEXT_POOLED, f.pooled());
            put(ph, FusionModel.TEXT_TOKENS, f.tokenStates());
            put(ph, FusionModel.TEXT_MASK, batch.attentionMask().castTo(DataType.FLOAT));
        }
        if (inputs.contains(FusionModel.IMAGE_POOLED) || inputs.contains(FusionModel.IMAGE_REGIONS)) {
            ImageEncoder.Features f = frozenImageFeatures != null ? frozenImageFeatures.apply(batch.ids())
                    : encoders.frozenImage().encode(batch.images());
            put(ph, FusionModel.IMAGE_POOLED, f.pooled());
            put(ph, FusionModel.IMAGE_REGIONS, f.regions());
        }
        return ph;
    }

    /** Feeds {@code value} when the loss reads the placeholder {@code name}. */
    private void put(Map<String, INDArray> ph, String name, INDArray value) {
        if (inputs.contains(name)) {
            ph.put(name, value);
        }
    }

    @Override
    public void save(Path dir) {
        FineTuneModelFiles.save(this, dir);
    }

    @Override
    public void restore(Path dir) {
        Path file = dir.resolve(FineTuneModelFiles.PARAMETERS_FILE);
        setParameters(NamedArrays.read(file), file.toString());
    }

    /**
     * Loads a model written by {@link #save}: the encoders from the sources its {@code model.json} names (checked
     * against the recorded SHA-256s), the tuned weights and the head from its parameters.
     *
     * @param cacheRoot the graph cache (and nsfwjs package) folder
     */
    public static FineTuneModel load(Path dir, Path cacheRoot) {
        return FineTuneModelFiles.load(dir, cacheRoot);
    }
}
