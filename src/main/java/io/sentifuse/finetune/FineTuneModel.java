package io.sentifuse.finetune;

import io.sentifuse.config.FusionConfig;
import io.sentifuse.config.ImageConfig;
import io.sentifuse.config.TextConfig;
import io.sentifuse.config.TrainingConfig;
import io.sentifuse.data.Label;
import io.sentifuse.encoder.ImageEncoder;
import io.sentifuse.encoder.TextEncoder;
import io.sentifuse.encoder.TokenTensors;
import io.sentifuse.fusion.FusionModel;
import io.sentifuse.encoder.onnx.TranslationOptions;
import io.sentifuse.errors.UserInputException;
import io.sentifuse.fusion.FusionGraph;
import io.sentifuse.fusion.FusionHead;
import io.sentifuse.fusion.FusionHeads;
import io.sentifuse.fusion.HeadInputs;
import io.sentifuse.fusion.NamedArrays;
import io.sentifuse.fusion.ParamRole;
import io.sentifuse.image.ImageTransform;
import io.sentifuse.repro.Seeds;
import io.sentifuse.text.Tokenizer;
import io.sentifuse.train.AdamW;
import io.sentifuse.train.FeatureDims;
import io.sentifuse.train.FeatureKind;
import io.sentifuse.train.TrainableModel;
import io.sentifuse.train.Trainer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * End-to-end fine-tuning as one SameDiff graph: token ids and attention mask go through the text encoder,
 * images through the CNN (both translated from the verified ONNX models with their weights as variables), their
 * outputs (pooled vectors, token states, region vectors: whatever the head declares) feed the configured fusion
 * head, and a {@link FusionGraph} adds the loss and predictions exactly as in frozen mode.
 *
 * <p>Trainable: the head's parameters (group {@value Trainer#HEAD_GROUP}) and the weights of the encoders
 * {@code training.finetune} names (group {@value Trainer#ENCODER_GROUP}; matrices, convolution kernels and
 * embedding tables decay, vectors such as biases and norm scales do not, as in BERT fine-tuning). The other
 * encoder keeps its pretrained weights, and no gradient is computed for it. Encoder weights that do not reach the
 * loss (the CNN's own classifier) are left out. Differences from frozen mode, by design: no feature
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

    /**
     * How the encoders are translated for training: weights as variables and without the inference rewrites.
     * The rewrites compute the same function with fewer forward passes, but their backward passes are slow in
     * ND4J M2.1 (layer_norm_bp; the depthwise convolution as shifted products differentiates through hundreds
     * of broadcast products and strided slices): a MiniLM + MobileNetV2 step at batch 4 took 25 s with them
     * and 8 s without, on 2 cores.
     */
    static final TranslationOptions TRAINING_TRANSLATION = TranslationOptions.defaults().withFusion(false);

    private final FusionGraph graph;
    private final FineTuneEncoders encoders;
    private final TextConfig text;
    private final ImageConfig image;
    private final FusionConfig fusion;
    private final TrainingConfig.Finetune finetune;
    private final FeatureDims dims;
    private final Map<String, String> textWeights;
    private final Map<String, String> imageWeights;
    private final Map<String, AdamW.ParamSpec> specs;
    private final List<String> parameterNames;
    private final Set<String> inputs;

    private FineTuneModel(FusionGraph graph, FineTuneEncoders encoders, TextConfig text, ImageConfig image,
                          FusionConfig fusion, TrainingConfig.Finetune finetune, FeatureDims dims,
                          Map<String, String> textWeights, Map<String, String> imageWeights,
                          Map<String, AdamW.ParamSpec> specs, Set<String> inputs) {
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

    /** The encoders' outputs in the graph, as the head-input callback leaves them. */
    private static final class Attached {
        TextEncoder.InGraph text;
        ImageEncoder.InGraph image;
        final Set<String> inputs = new java.util.LinkedHashSet<>();
    }

    /**
     * Builds the graph for {@code encoders} and the configured head, head initialised from {@code seeds}. An
     * encoder that trains is translated into the graph; one that is read but does not train runs as its own
     * verified inference graph (the faster, rewritten one) in front of it, its outputs fed to the head as
     * inputs: no gradient graph, and none of its activations kept for a backward pass.
     */
    static FineTuneModel build(FineTuneEncoders encoders, TextConfig text, ImageConfig image, FusionConfig fusion,
                               TrainingConfig.Finetune finetune, Seeds seeds) {
        FusionHead head = FusionHeads.get(fusion.head());
        Set<FeatureKind> kinds = head.inputs();
        boolean needText = readsText(head);
        boolean needImage = readsImage(head);
        if (needText && encoders.text() == null || needImage && encoders.image() == null
                || needText && !finetune.text() && encoders.frozenText() == null
                || needImage && !finetune.image() && encoders.frozenImage() == null) {
            throw new IllegalArgumentException("head " + head.name() + " reads " + kinds + " but an encoder is missing");
        }
        FeatureDims dims = new FeatureDims(needText ? encoders.text().hidden() : 0,
                needImage ? encoders.image().spec().pooledDim() : 0, needText ? text.maxLength() : 0,
                needImage ? encoders.image().spec().regions() : 0);
        Attached at = new Attached();
        FusionGraph graph = FusionGraph.build(SameDiff.create(), head, fusion, seeds, DataType.FLOAT, sd -> {
            SDVariable[] in = new SDVariable[5];
            if (needText && finetune.text()) {
                SDVariable ids = sd.placeHolder(TOKEN_IDS, DataType.LONG, -1, -1);
                SDVariable mask = sd.placeHolder(ATTENTION_MASK, DataType.LONG, -1, -1);
                at.text = TextEncoder.attach(sd, TEXT_PREFIX, encoders.text().model(), ids, mask, null, text.pooling(),
                        TRAINING_TRANSLATION);
                in[0] = at.text.pooled();
                in[1] = at.text.tokenStates();
                in[2] = mask.castTo(DataType.FLOAT);
            } else if (needText) {
                in[0] = sd.placeHolder(FusionModel.TEXT_POOLED, DataType.FLOAT, -1, dims.textDim());
                in[1] = sd.placeHolder(FusionModel.TEXT_TOKENS, DataType.FLOAT, -1, -1, dims.textDim());
                in[2] = sd.placeHolder(FusionModel.TEXT_MASK, DataType.FLOAT, -1, -1);
            }
            if (needImage && finetune.image()) {
                long s = encoders.image().spec().inputSize();
                SDVariable images = sd.placeHolder(IMAGES, DataType.FLOAT, -1, 3, s, s);
                at.image = ImageEncoder.attach(sd, IMAGE_PREFIX, encoders.image().model(), images, TRAINING_TRANSLATION);
                in[3] = at.image.pooled();
                in[4] = at.image.regions();
            } else if (needImage) {
                in[3] = sd.placeHolder(FusionModel.IMAGE_POOLED, DataType.FLOAT, -1, dims.imageDim());
                in[4] = sd.placeHolder(FusionModel.IMAGE_REGIONS, DataType.FLOAT, -1, dims.regions(), dims.imageDim());
            }
            boolean tokens = kinds.contains(FeatureKind.TEXT_TOKENS);
            return new HeadInputs(kinds.contains(FeatureKind.TEXT_POOLED) ? in[0] : null, tokens ? in[1] : null,
                    tokens ? in[2] : null, kinds.contains(FeatureKind.IMAGE_POOLED) ? in[3] : null,
                    kinds.contains(FeatureKind.IMAGE_REGIONS) ? in[4] : null, dims, Label.COUNT);
        });
        Set<String> onPath = LossPath.variables(graph.sd(), FusionGraph.LOSS);
        Map<String, AdamW.ParamSpec> specs = new LinkedHashMap<>();
        for (Map.Entry<String, ParamRole> e : graph.parameters().entrySet()) {
            specs.put(e.getKey(), new AdamW.ParamSpec(Trainer.HEAD_GROUP, e.getValue().decays()));
        }
        Map<String, String> textWeights = at.text == null ? Map.of() : at.text.translation().weights();
        Map<String, String> imageWeights = at.image == null ? Map.of() : at.image.translation().weights();
        addEncoder(specs, graph.sd(), textWeights, onPath);
        addEncoder(specs, graph.sd(), imageWeights, onPath);
        Set<String> inputs = new java.util.LinkedHashSet<>();
        for (String name : List.of(TOKEN_IDS, ATTENTION_MASK, IMAGES, FusionModel.TEXT_POOLED,
                FusionModel.TEXT_TOKENS, FusionModel.TEXT_MASK, FusionModel.IMAGE_POOLED, FusionModel.IMAGE_REGIONS)) {
            if (onPath.contains(name)) {
                inputs.add(name);
            }
        }
        return new FineTuneModel(graph, encoders, text, image, fusion, finetune, dims, textWeights, imageWeights,
                specs, inputs);
    }

    private static void addEncoder(Map<String, AdamW.ParamSpec> specs, SameDiff sd, Map<String, String> weights,
                                   Set<String> onPath) {
        for (String variable : weights.values()) {
            if (onPath.contains(variable)) {
                specs.put(variable, new AdamW.ParamSpec(Trainer.ENCODER_GROUP, sd.getArrForVarName(variable).rank() >= 2));
            }
        }
    }

    static boolean readsText(FusionHead head) {
        return head.inputs().contains(FeatureKind.TEXT_POOLED) || head.inputs().contains(FeatureKind.TEXT_TOKENS);
    }

    static boolean readsImage(FusionHead head) {
        return head.inputs().contains(FeatureKind.IMAGE_POOLED) || head.inputs().contains(FeatureKind.IMAGE_REGIONS);
    }

    @Override
    public String headName() {
        return graph.head().name();
    }

    @Override
    public Map<String, AdamW.ParamSpec> parameterSpecs() {
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

    /** The head's parameters, name to role. */
    public Map<String, ParamRole> headParameters() {
        return graph.parameters();
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
     * would come rarely and resident memory would grow by ~2 GB per step at batch 8 (measured). One collection per
     * pass costs well under 1% of a fine-tuning step and keeps memory flat.
     */
    private static void reclaim() {
        System.gc();
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
            TextEncoder.Features f = encoders.frozenText().encode(new TokenTensors(batch.tokenIds(),
                    batch.attentionMask(), Nd4j.zerosLike(batch.tokenIds())));
            put(ph, FusionModel.TEXT_POOLED, f.pooled());
            put(ph, FusionModel.TEXT_TOKENS, f.tokenStates());
            put(ph, FusionModel.TEXT_MASK, batch.attentionMask().castTo(DataType.FLOAT));
        }
        if (inputs.contains(FusionModel.IMAGE_POOLED) || inputs.contains(FusionModel.IMAGE_REGIONS)) {
            ImageEncoder.Features f = encoders.frozenImage().encode(batch.images());
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

    /** Copies of every trainable parameter. */
    public Map<String, INDArray> copyParameters() {
        Map<String, INDArray> out = new LinkedHashMap<>();
        for (String name : parameterNames) {
            out.put(name, parameter(name).dup());
        }
        return out;
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

    /** Sets every trainable parameter from {@code values} (same names and shapes). */
    public void setParameters(Map<String, INDArray> values, String source) {
        if (!values.keySet().containsAll(parameterNames)) {
            List<String> missing = new ArrayList<>(parameterNames);
            missing.removeAll(values.keySet());
            throw new UserInputException(source + ": " + missing.size() + " trainable parameters of this fine-tuning "
                    + "model are missing, e.g. " + missing.subList(0, Math.min(5, missing.size())));
        }
        for (String name : parameterNames) {
            INDArray target = parameter(name);
            INDArray value = values.get(name);
            if (!Arrays.equals(target.shape(), value.shape())) {
                throw new UserInputException(source + ": parameter " + name + " has shape "
                        + Arrays.toString(value.shape()) + " but this model needs " + Arrays.toString(target.shape()));
            }
            target.assign(value.castTo(target.dataType()));
        }
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
