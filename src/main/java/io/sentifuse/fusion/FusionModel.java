package io.sentifuse.fusion;

import io.sentifuse.config.FusionConfig;
import io.sentifuse.data.Label;
import io.sentifuse.errors.UserInputException;
import io.sentifuse.repro.Seeds;
import io.sentifuse.train.FeatureBatch;
import io.sentifuse.train.FeatureDims;
import io.sentifuse.train.FeatureKind;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A fusion head in its own SameDiff graph with everything around it: input placeholders for the kinds the
 * head reads, feature standardisation, the training flag (dropout), the loss (cross-entropy with optional
 * per-example weights) and the prediction outputs. Saves to and loads from a folder ({@value #MODEL_FILE} +
 * {@value #PARAMETERS_FILE}); the graph is rebuilt from the registry on load, so a model file holds values,
 * never code.
 */
public final class FusionModel {

    public static final String TEXT_POOLED = "input/text_pooled";
    public static final String TEXT_TOKENS = "input/text_tokens";
    public static final String TEXT_MASK = "input/text_mask";
    public static final String IMAGE_POOLED = "input/image_pooled";
    public static final String IMAGE_REGIONS = "input/image_regions";
    /** One-hot labels {@code [B, classes]}. */
    public static final String LABELS = "input/labels";
    /** Per-example loss weights {@code [B]} (class weights looked up by label; all 1 without class weights). */
    public static final String EXAMPLE_WEIGHTS = "input/example_weights";
    /** Scalar: 1 while training (dropout on), 0 otherwise. */
    public static final String TRAINING = "input/training";

    public static final String LOGITS = "output/logits";
    public static final String PROBABILITIES = "output/probabilities";
    /** Per-example negative log-likelihood of the prediction, {@code [B]}. */
    public static final String EXAMPLE_NLL = "output/example_nll";
    /** The training objective: weighted mean cross-entropy, summed over the head's loss logits. */
    public static final String LOSS = "output/loss";

    public static final String MODEL_FILE = "model.json";
    public static final String PARAMETERS_FILE = "parameters.bin";

    private final SameDiff sd;
    private final FusionHead head;
    private final FusionConfig config;
    private final FeatureDims dims;
    private final Standardization standardization;
    private final DataType dtype;
    private final Map<String, ParamRole> parameters;
    private final List<String> parameterNames;
    private final List<String> exposed;
    private final DropoutSeeder seeder = new DropoutSeeder();

    private FusionModel(SameDiff sd, FusionHead head, FusionConfig config, FeatureDims dims,
                        Standardization standardization, DataType dtype, Map<String, ParamRole> parameters,
                        List<String> exposed) {
        this.sd = sd;
        this.head = head;
        this.config = config;
        this.dims = dims;
        this.standardization = standardization;
        this.dtype = dtype;
        this.parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        this.parameterNames = List.copyOf(parameters.keySet());
        this.exposed = List.copyOf(exposed);
        sd.setListeners(seeder);
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
        if (kinds.contains(FeatureKind.TEXT_TOKENS) && dims.maxTokens() == 0
                || kinds.contains(FeatureKind.IMAGE_REGIONS) && dims.regions() == 0) {
            throw new UserInputException("fusion.head " + head.name() + " reads " + kinds
                    + " but the features have no token states or no regions (dims " + dims + ")");
        }
        SameDiff sd = SameDiff.create();
        SDVariable training = sd.placeHolder(TRAINING, dtype);
        Layers nn = new Layers(sd, training, seeds, dtype);
        SDVariable textMask = kinds.contains(FeatureKind.TEXT_TOKENS) ? sd.placeHolder(TEXT_MASK, dtype, -1, -1)
                : null;
        HeadInputs in = new HeadInputs(
                input(sd, kinds, FeatureKind.TEXT_POOLED, TEXT_POOLED, standardization, dtype, -1, dims.textDim()),
                input(sd, kinds, FeatureKind.TEXT_TOKENS, TEXT_TOKENS, standardization, dtype, -1, -1, dims.textDim()),
                textMask,
                input(sd, kinds, FeatureKind.IMAGE_POOLED, IMAGE_POOLED, standardization, dtype, -1, dims.imageDim()),
                input(sd, kinds, FeatureKind.IMAGE_REGIONS, IMAGE_REGIONS, standardization, dtype, -1,
                        dims.regions(), dims.imageDim()),
                dims, Label.COUNT);
        HeadOutput out = head.build(nn, in, config);
        List<String> exposedNames = new ArrayList<>();
        out.exposed().forEach((name, variable) -> {
            variable.rename(name);
            exposedNames.add(name);
        });
        SDVariable logits = out.logits().add(LOGITS, 0.0);
        SDVariable labels = sd.placeHolder(LABELS, dtype, -1, Label.COUNT);
        SDVariable weights = sd.placeHolder(EXAMPLE_WEIGHTS, dtype, -1);
        sd.nn.softmax(PROBABILITIES, logits, 1);
        crossEntropy(sd, labels, logits).rename(EXAMPLE_NLL);
        SDVariable total = null;
        for (SDVariable z : out.lossLogits()) {
            SDVariable term = crossEntropy(sd, labels, z).mul(weights).sum();
            total = total == null ? term : total.add(term);
        }
        total.div(LOSS, weights.sum());
        sd.setLossVariables(LOSS);
        return new FusionModel(sd, head, config, dims, standardization, dtype, nn.parameters(), exposedNames);
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

    /** {@code -sum(labels * log_softmax(z), 1)}: {@code [B]}. */
    private static SDVariable crossEntropy(SameDiff sd, SDVariable labels, SDVariable z) {
        return labels.mul(logSoftmax(sd, z)).sum(1).neg();
    }

    /**
     * Log-softmax over axis 1 from elementary ops: ND4J M2.1's log_softmax op cannot be cloned through
     * FlatBuffers, which building the gradient function does ("Error setting property ... LogSoftMax").
     */
    static SDVariable logSoftmax(SameDiff sd, SDVariable z) {
        SDVariable shifted = z.sub(z.max(true, 1));
        return shifted.sub(sd.math.log(sd.math.exp(shifted).sum(true, 1)));
    }

    public FusionHead head() {
        return head;
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
        return head.inputs();
    }

    /** Trainable parameters, name to role, in creation order. */
    public Map<String, ParamRole> parameters() {
        return parameters;
    }

    /** Names of the exposed outputs (attention weights, gates). */
    public List<String> exposedOutputs() {
        return exposed;
    }

    /** The live array of a parameter: updating it in place changes the model. */
    public INDArray parameter(String name) {
        if (!parameters.containsKey(name)) {
            throw new IllegalArgumentException("no parameter " + name);
        }
        return sd.getArrForVarName(name);
    }

    /** Copies of every parameter's current value. */
    public Map<String, INDArray> copyParameters() {
        Map<String, INDArray> out = new LinkedHashMap<>();
        for (String name : parameterNames) {
            out.put(name, parameter(name).dup());
        }
        return out;
    }

    /** Sets every parameter from {@code values} (same names and shapes as {@link #parameters()}). */
    public void setParameters(Map<String, INDArray> values, String source) {
        if (!values.keySet().containsAll(parameterNames)) {
            List<String> missing = new ArrayList<>(parameterNames);
            missing.removeAll(values.keySet());
            throw new UserInputException(source + ": parameters missing for head " + head.name() + ": " + missing);
        }
        for (String name : parameterNames) {
            INDArray target = parameter(name);
            INDArray value = values.get(name);
            if (!Arrays.equals(target.shape(), value.shape())) {
                throw new UserInputException(source + ": parameter " + name + " has shape "
                        + Arrays.toString(value.shape()) + " but head " + head.name() + " with this configuration "
                        + "needs " + Arrays.toString(target.shape()));
            }
            target.assign(value.castTo(dtype));
        }
    }

    /** Loss and gradients of one training step. */
    public record Gradients(double loss, Map<String, INDArray> gradients) {
    }

    /**
     * Forward and backward pass with dropout on.
     *
     * @param exampleWeights per-example loss weights, or null for all 1
     * @param stepSeed       seed of this step's dropout masks
     */
    public Gradients gradients(FeatureBatch batch, float[] exampleWeights, long stepSeed) {
        Map<String, INDArray> ph = placeholders(batch, exampleWeights, true, true);
        seeder.setStepSeed(stepSeed);
        OutAndGrad r = sd.calculateGradientsAndOutputs(ph, List.of(LOSS), parameterNames);
        return new Gradients(r.getOutputs().get(LOSS).getDouble(0), r.getGradients());
    }

    /** The training objective on a batch with dropout off (for checks; training uses {@link #gradients}). */
    public double loss(FeatureBatch batch, float[] exampleWeights) {
        return sd.output(placeholders(batch, exampleWeights, false, true), LOSS).get(LOSS).getDouble(0);
    }

    /** Class probabilities and per-example NLL of a batch, dropout off. */
    public record Predictions(float[][] probabilities, double[] nll) {
    }

    public Predictions predict(FeatureBatch batch) {
        boolean labelled = Arrays.stream(batch.labels()).allMatch(l -> l >= 0);
        Map<String, INDArray> ph = placeholders(batch, null, false, labelled);
        Map<String, INDArray> out = labelled ? sd.output(ph, PROBABILITIES, EXAMPLE_NLL) : sd.output(ph, PROBABILITIES);
        float[][] probabilities = out.get(PROBABILITIES).castTo(DataType.FLOAT).toFloatMatrix();
        double[] nll = labelled ? out.get(EXAMPLE_NLL).castTo(DataType.DOUBLE).toDoubleVector()
                : new double[batch.size()];
        if (!labelled) {
            Arrays.fill(nll, Double.NaN);
        }
        return new Predictions(probabilities, nll);
    }

    /** The exposed outputs {@code names} (see {@link #exposedOutputs()}) for a batch, dropout off. */
    public Map<String, INDArray> exposed(FeatureBatch batch, String... names) {
        for (String n : names) {
            if (!exposed.contains(n)) {
                throw new IllegalArgumentException("head " + head.name() + " exposes " + exposed + ", not " + n);
            }
        }
        return sd.output(placeholders(batch, null, false, false), names);
    }

    private Map<String, INDArray> placeholders(FeatureBatch batch, float[] exampleWeights, boolean training,
                                               boolean withLabels) {
        Map<String, INDArray> ph = new HashMap<>();
        Set<FeatureKind> kinds = head.inputs();
        put(ph, kinds, FeatureKind.TEXT_POOLED, TEXT_POOLED, batch.textPooled());
        put(ph, kinds, FeatureKind.IMAGE_POOLED, IMAGE_POOLED, batch.imagePooled());
        put(ph, kinds, FeatureKind.IMAGE_REGIONS, IMAGE_REGIONS, batch.imageRegions());
        put(ph, kinds, FeatureKind.TEXT_TOKENS, TEXT_TOKENS, batch.textTokens());
        put(ph, kinds, FeatureKind.TEXT_TOKENS, TEXT_MASK, batch.textMask());
        ph.put(TRAINING, Nd4j.scalar(dtype, training ? 1.0 : 0.0));
        if (withLabels) {
            int b = batch.size();
            INDArray oneHot = Nd4j.zeros(dtype, b, Label.COUNT);
            for (int i = 0; i < b; i++) {
                oneHot.putScalar(i, batch.labels()[i], 1.0);
            }
            ph.put(LABELS, oneHot);
            INDArray w = exampleWeights == null ? Nd4j.ones(dtype, b)
                    : Nd4j.createFromArray(exampleWeights).castTo(dtype);
            ph.put(EXAMPLE_WEIGHTS, w);
        }
        return ph;
    }

    private void put(Map<String, INDArray> ph, Set<FeatureKind> kinds, FeatureKind kind, String name, INDArray a) {
        if (kinds.contains(kind)) {
            if (a == null) {
                throw new IllegalArgumentException("head " + head.name() + " needs " + kind + " but the batch lacks it");
            }
            ph.put(name, a.dataType() == dtype ? a : a.castTo(dtype));
        }
    }

    /** Writes {@value #MODEL_FILE} and {@value #PARAMETERS_FILE} into {@code dir}. */
    public void save(Path dir) {
        FusionModelFiles.save(this, dir);
    }

    /** Loads a model written by {@link #save}. */
    public static FusionModel load(Path dir) {
        return FusionModelFiles.load(dir);
    }

    /** The kinds every one of {@code heads} needs together. */
    public static Set<FeatureKind> inputsOf(FusionHead... heads) {
        Set<FeatureKind> out = EnumSet.noneOf(FeatureKind.class);
        for (FusionHead h : heads) {
            out.addAll(h.inputs());
        }
        return out;
    }
}
