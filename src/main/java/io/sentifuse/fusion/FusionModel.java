package io.sentifuse.fusion;

import io.sentifuse.config.FusionConfig;
import io.sentifuse.data.Label;
import io.sentifuse.errors.UserInputException;
import io.sentifuse.features.FeatureBatch;
import io.sentifuse.features.FeatureDims;
import io.sentifuse.features.FeatureKind;
import io.sentifuse.model.NamedArrays;
import io.sentifuse.model.ParamSpec;
import io.sentifuse.model.TrainableModel;
import io.sentifuse.seeds.Seeds;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nd4j.autodiff.listeners.Listener;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A fusion head over frozen encoder features, in its own SameDiff graph: input placeholders for the kinds the
 * head reads and feature standardisation in front of a {@link FusionGraph} (head, loss, predictions). Saves to
 * and loads from a folder ({@value #MODEL_FILE} + {@value #PARAMETERS_FILE}); the graph is rebuilt from the
 * registry on load, so a model file holds values, never code.
 */
public final class FusionModel implements TrainableModel<FeatureBatch> {

    public static final String TEXT_POOLED = "input/text_pooled";
    public static final String TEXT_TOKENS = "input/text_tokens";
    public static final String TEXT_MASK = "input/text_mask";
    public static final String IMAGE_POOLED = "input/image_pooled";
    public static final String IMAGE_REGIONS = "input/image_regions";
    /** Class indices {@code [B]}. */
    public static final String LABELS = FusionGraph.LABELS;
    /** Per-example loss weights {@code [B]}. */
    public static final String EXAMPLE_WEIGHTS = FusionGraph.EXAMPLE_WEIGHTS;
    /** Scalar: 1 while training (dropout on), 0 otherwise. */
    public static final String TRAINING = FusionGraph.TRAINING;

    public static final String LOGITS = FusionGraph.LOGITS;
    public static final String PROBABILITIES = FusionGraph.PROBABILITIES;
    /** Per-example negative log-likelihood of the prediction, {@code [B]}. */
    public static final String EXAMPLE_NLL = FusionGraph.EXAMPLE_NLL;
    /** The training objective: weighted mean cross-entropy, summed over the head's loss logits. */
    public static final String LOSS = FusionGraph.LOSS;

    public static final String MODEL_FILE = "model.json";
    public static final String PARAMETERS_FILE = "parameters.bin";

    private final FusionGraph graph;
    private final FusionConfig config;
    private final FeatureDims dims;
    private final Standardization standardization;
    private final Map<String, ParamSpec> specs;

    private FusionModel(FusionGraph graph, FusionConfig config, FeatureDims dims, Standardization standardization) {
        this.graph = graph;
        this.config = config;
        this.dims = dims;
        this.standardization = standardization;
        Map<String, ParamSpec> s = new LinkedHashMap<>();
        graph.parameters().forEach((name, role) -> s.put(name, new ParamSpec(ParamSpec.HEAD, role.decays())));
        this.specs = java.util.Collections.unmodifiableMap(s);
    }

    /** Builds the head {@code config.head()} for features of size {@code dims}, initialised from {@code seeds}. */
    public static FusionModel build(FusionConfig config, FeatureDims dims, Standardization standardization,
                                    Seeds seeds) {
        return build(FusionHeads.get(config.head()), config, dims, standardization, seeds, DataType.FLOAT);
    }

    /** Builds {@code head}; {@code dtype} DOUBLE is for gradient checks. */
    public static FusionModel build(FusionHead head, FusionConfig config, FeatureDims dims,
                                    Standardization standardization, Seeds seeds, DataType dtype) {
        Set<FeatureKind> kinds = head.inputs();
        requireDims(head, dims);
        FusionGraph graph = FusionGraph.build(SameDiff.create(), head, config, seeds, dtype, sd -> {
            SDVariable textMask = kinds.contains(FeatureKind.TEXT_TOKENS)
                    ? sd.placeHolder(TEXT_MASK, dtype, -1, -1) : null;
            return new HeadInputs(
                    input(sd, kinds, FeatureKind.TEXT_POOLED, TEXT_POOLED, standardization, dtype, -1, dims.textDim()),
                    input(sd, kinds, FeatureKind.TEXT_TOKENS, TEXT_TOKENS, standardization, dtype, -1, -1,
                            dims.textDim()),
                    textMask,
                    input(sd, kinds, FeatureKind.IMAGE_POOLED, IMAGE_POOLED, standardization, dtype, -1,
                            dims.imageDim()),
                    input(sd, kinds, FeatureKind.IMAGE_REGIONS, IMAGE_REGIONS, standardization, dtype, -1,
                            dims.regions(), dims.imageDim()),
                    dims, Label.COUNT);
        });
        return new FusionModel(graph.recycleStepArrays(true), config, dims, standardization);
    }

    /** Refuses dims without the token states or regions {@code head} reads, naming both. */
    public static void requireDims(FusionHead head, FeatureDims dims) {
        Set<FeatureKind> kinds = head.inputs();
        if (kinds.contains(FeatureKind.TEXT_TOKENS) && dims.maxTokens() == 0
                || kinds.contains(FeatureKind.IMAGE_REGIONS) && dims.regions() == 0) {
            throw new UserInputException("fusion.head " + head.name() + " reads " + kinds
                    + " but the features have no token states or no regions (dims " + dims + ")");
        }
    }

    private static SDVariable input(SameDiff sd, Set<FeatureKind> kinds, FeatureKind kind, String name,
                                    Standardization st, DataType dtype, long... shape) {
        if (!kinds.contains(kind)) {
            return null;
        }
        SDVariable x = sd.placeHolder(name, dtype, shape);
        if (st.covers(kind)) {
            INDArray mean = Nd4j.createFromArray(st.mean().get(kind)).castTo(dtype);
            INDArray std = Nd4j.createFromArray(st.std().get(kind)).castTo(dtype);
            x = x.sub(sd.constant(Standardization.key(kind, "mean"), mean))
                    .div(sd.constant(Standardization.key(kind, "std"), std));
        }
        return x;
    }

    public FusionHead head() {
        return graph.head();
    }

    /** The head's graph (for tests in this package). */
    FusionGraph graph() {
        return graph;
    }

    @Override
    public String headName() {
        return graph.head().name();
    }

    public FusionConfig config() {
        return config;
    }

    public FeatureDims dims() {
        return dims;
    }

    public Standardization standardization() {
        return standardization;
    }

    /** The kinds of features this model reads. */
    public Set<FeatureKind> inputs() {
        return graph.head().inputs();
    }

    /** Trainable parameters, name to role, in creation order. */
    public Map<String, ParamRole> parameters() {
        return graph.parameters();
    }

    @Override
    public Map<String, ParamSpec> parameterSpecs() {
        return specs;
    }

    /** Adds a listener to the model's SameDiff graph (it sees training and inference passes). */
    public void addListener(Listener listener) {
        graph.sd().addListeners(listener);
    }

    /** Names of the exposed outputs (attention weights, gates). */
    public List<String> exposedOutputs() {
        return graph.exposedOutputs();
    }

    @Override
    public INDArray parameter(String name) {
        if (!graph.parameters().containsKey(name)) {
            throw new IllegalArgumentException("no parameter " + name);
        }
        return graph.sd().getArrForVarName(name);
    }

    /** Token states are padded to {@link TokenBuckets} lengths here, so steps reuse each other's arrays. */
    @Override
    public Gradients gradients(FeatureBatch batch, float[] exampleWeights, long stepSeed) {
        Map<String, INDArray> ph = features(batch);
        INDArray[] padded = inputs().contains(FeatureKind.TEXT_TOKENS)
                ? TokenBuckets.pad(ph.get(TEXT_TOKENS), ph.get(TEXT_MASK)) : null;
        if (padded == null) {
            return graph.gradients(ph, batch.labels(), exampleWeights, stepSeed, List.copyOf(specs.keySet()));
        }
        ph.put(TEXT_TOKENS, padded[0]);
        ph.put(TEXT_MASK, padded[1]);
        try {
            return graph.gradients(ph, batch.labels(), exampleWeights, stepSeed, List.copyOf(specs.keySet()));
        } finally {
            padded[0].close();
            padded[1].close();
        }
    }

    /** The training objective on a batch with dropout off (for checks; training uses {@link #gradients}). */
    public double loss(FeatureBatch batch, float[] exampleWeights) {
        return graph.loss(features(batch), batch.labels(), exampleWeights);
    }

    @Override
    public Predictions predict(FeatureBatch batch) {
        return graph.predict(features(batch), batch.labels());
    }

    /** The exposed outputs {@code names} (see {@link #exposedOutputs()}) for a batch, dropout off. */
    public Map<String, INDArray> exposed(FeatureBatch batch, String... names) {
        return graph.exposed(features(batch), names);
    }

    private Map<String, INDArray> features(FeatureBatch batch) {
        Map<String, INDArray> ph = new HashMap<>();
        Set<FeatureKind> kinds = inputs();
        put(ph, kinds, FeatureKind.TEXT_POOLED, TEXT_POOLED, batch.textPooled());
        put(ph, kinds, FeatureKind.IMAGE_POOLED, IMAGE_POOLED, batch.imagePooled());
        put(ph, kinds, FeatureKind.IMAGE_REGIONS, IMAGE_REGIONS, batch.imageRegions());
        put(ph, kinds, FeatureKind.TEXT_TOKENS, TEXT_TOKENS, batch.textTokens());
        put(ph, kinds, FeatureKind.TEXT_TOKENS, TEXT_MASK, batch.textMask());
        return ph;
    }

    private void put(Map<String, INDArray> ph, Set<FeatureKind> kinds, FeatureKind kind, String name, INDArray a) {
        if (kinds.contains(kind)) {
            if (a == null) {
                throw new IllegalArgumentException("head " + headName() + " needs " + kind + " but the batch lacks it");
            }
            ph.put(name, a.dataType() == graph.dtype() ? a : a.castTo(graph.dtype()));
        }
    }

    /** Writes {@value #MODEL_FILE} and {@value #PARAMETERS_FILE} into {@code dir}. */
    @Override
    public void save(Path dir) {
        FusionModelFiles.save(this, dir);
    }

    @Override
    public void restore(Path dir) {
        setParameters(NamedArrays.read(dir.resolve(PARAMETERS_FILE)), dir.resolve(PARAMETERS_FILE).toString());
    }

    /** Loads a model written by {@link #save}. */
    public static FusionModel load(Path dir) {
        return FusionModelFiles.load(dir);
    }
}
