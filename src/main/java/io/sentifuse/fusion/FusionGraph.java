package io.sentifuse.fusion;

import io.sentifuse.config.FusionConfig;
import io.sentifuse.data.Label;
import io.sentifuse.model.TrainableModel;
import io.sentifuse.seeds.Seeds;
import io.sentifuse.system.SubgraphSession;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.autodiff.samediff.internal.InferenceSession;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A fusion head inside a SameDiff graph with everything every trainable model needs around it: the training
 * flag (dropout on/off), the labels and per-example weights, the loss (weighted mean cross-entropy summed over
 * the head's loss logits), the prediction outputs and per-site dropout seeding. What feeds the head is the
 * caller's: standardised feature placeholders ({@link FusionModel}) or encoder outputs in the same graph
 * (end-to-end fine-tuning). Both run their steps through {@link #gradients} and {@link #predict}.
 */
public final class FusionGraph {

    /** Class indices {@code [B]} (INT32), as the records carry them; one-hot only inside the loss. */
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

    /** Idle arrays {@link StepMemory} keeps, in steps: a few batch lengths' worth. */
    private static final int STEPS_KEPT = 4;
    /** The name SameDiff gives its gradient function ({@code SameDiff.GRAD_FN_KEY}, which is not public). */
    private static final String GRAD_FUNCTION = "grad";

    private final SameDiff sd;
    private final FusionHead head;
    private final DataType dtype;
    private final Map<String, ParamRole> parameters;
    private final List<String> exposed;
    private final DropoutSeeder seeder = new DropoutSeeder();
    private boolean recycleStepArrays;

    private FusionGraph(SameDiff sd, FusionHead head, DataType dtype, Map<String, ParamRole> parameters,
                        List<String> exposed) {
        this.sd = sd;
        this.head = head;
        this.dtype = dtype;
        this.parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        this.exposed = List.copyOf(exposed);
        sd.setListeners(seeder);
    }

    /**
     * Adds {@code head} and the loss to {@code sd}.
     *
     * @param inputs makes the head's inputs in {@code sd} (called after the training flag exists)
     * @param seeds  source of the head's initial parameter values (by parameter name)
     */
    public static FusionGraph build(SameDiff sd, FusionHead head, FusionConfig config, Seeds seeds, DataType dtype,
                                    Function<SameDiff, HeadInputs> inputs) {
        SDVariable training = sd.placeHolder(TRAINING, dtype);
        Layers nn = new Layers(sd, training, seeds, dtype);
        HeadInputs in = inputs.apply(sd);
        HeadOutput trained = head.build(nn, in, config);
        // the head once more on the same parameters, without dropout, for predictions and exposed outputs: with the
        // training flag at 0 the dropout sites compute masks of ones, and drawing and applying them took a third of
        // a cmac evaluation pass; the loss (and the masks' op names, which seed them) stay the training path's
        HeadOutput out = head.build(nn.inference(), in, config);
        List<String> exposedNames = new ArrayList<>();
        out.exposed().forEach((name, variable) -> {
            variable.rename(name);
            exposedNames.add(name);
        });
        SDVariable logits = out.logits().add(LOGITS, 0.0);
        SDVariable classes = sd.placeHolder(LABELS, DataType.INT32, -1);
        SDVariable labels = sd.oneHot("loss/labels_one_hot", classes, Label.COUNT, 1, 1.0, 0.0, dtype);
        SDVariable weights = sd.placeHolder(EXAMPLE_WEIGHTS, dtype, -1);
        sd.nn.softmax(PROBABILITIES, logits, 1);
        crossEntropy(labels, logits).rename(EXAMPLE_NLL);
        SDVariable total = null;
        for (SDVariable z : trained.lossLogits()) {
            SDVariable term = crossEntropy(labels, z).mul(weights).sum();
            total = total == null ? term : total.add(term);
        }
        total.div(LOSS, weights.sum());
        sd.setLossVariables(LOSS);
        return new FusionGraph(sd, head, dtype, nn.parameters(), exposedNames);
    }

    /** {@code -sum(labels * log_softmax(z), 1)}: {@code [B]}. */
    private static SDVariable crossEntropy(SDVariable labels, SDVariable z) {
        return labels.mul(logSoftmax(z)).sum(1).neg();
    }

    /**
     * Log-softmax over axis 1 from elementary ops: ND4J M2.1's log_softmax op cannot be cloned through
     * FlatBuffers, which building the gradient function does ("Error setting property ... LogSoftMax").
     */
    static SDVariable logSoftmax(SDVariable z) {
        SDVariable shifted = z.sub(z.max(true, 1));
        return shifted.sub(z.getSameDiff().math.log(z.getSameDiff().math.exp(shifted).sum(true, 1)));
    }

    public SameDiff sd() {
        return sd;
    }

    public FusionHead head() {
        return head;
    }

    public DataType dtype() {
        return dtype;
    }

    /** The head's trainable parameters, name to role, in creation order. */
    public Map<String, ParamRole> parameters() {
        return parameters;
    }

    /** Names of the exposed outputs (attention weights, gates). */
    public List<String> exposedOutputs() {
        return exposed;
    }

    /**
     * Lets training steps reuse the previous steps' arrays ({@link StepMemory}) instead of allocating each one
     * anew. For graphs whose step fits in memory a few times over (a head on cached features); the gradients
     * returned stay the caller's either way. Set it before the first step.
     */
    public FusionGraph recycleStepArrays(boolean on) {
        recycleStepArrays = on;
        return this;
    }

    /**
     * Loss and the gradients of {@code variables}, dropout on.
     *
     * @param inputs         the placeholders that feed the head (features, or token ids and images)
     * @param exampleWeights per-example loss weights, or null for all 1
     * @param stepSeed       seed of this step's dropout masks
     */
    public TrainableModel.Gradients gradients(Map<String, INDArray> inputs, int[] labels, float[] exampleWeights,
                                              long stepSeed, List<String> variables) {
        Map<String, INDArray> ph = feed(inputs, labels, exampleWeights, true, true);
        seeder.setStepSeed(stepSeed);
        OutAndGrad r = sd.calculateGradientsAndOutputs(ph, List.of(LOSS), variables);
        double loss = r.getOutputs().get(LOSS).getDouble(0);
        // the gradient function and its session exist from the first step on; later steps skip the graph walk
        InferenceSession session = SubgraphSession.install(sd.getFunction(GRAD_FUNCTION));
        if (recycleStepArrays) {
            stepMemory(session).endStep(r.getGradients().values());
        }
        return new TrainableModel.Gradients(loss, r.getGradients());
    }

    /** The gradient session's memory manager, installed after the session's first step. */
    private static StepMemory stepMemory(InferenceSession session) {
        if (session.getMmgr() instanceof StepMemory m) {
            return m;
        }
        session.getMmgr().close();
        StepMemory m = new StepMemory(STEPS_KEPT);
        session.setMmgr(m);
        return m;
    }

    /** The training objective with dropout off (for checks; training uses {@link #gradients}). */
    public double loss(Map<String, INDArray> inputs, int[] labels, float[] exampleWeights) {
        return output(feed(inputs, labels, exampleWeights, false, true), LOSS).get(LOSS).getDouble(0);
    }

    /** Probabilities, and the per-example NLL when every label is known (else NaN), dropout off. */
    public TrainableModel.Predictions predict(Map<String, INDArray> inputs, int[] labels) {
        boolean labelled = Arrays.stream(labels).allMatch(l -> l >= 0);
        Map<String, INDArray> ph = feed(inputs, labels, null, false, labelled);
        Map<String, INDArray> out = labelled ? output(ph, PROBABILITIES, EXAMPLE_NLL) : output(ph, PROBABILITIES);
        float[][] probabilities = out.get(PROBABILITIES).castTo(DataType.FLOAT).toFloatMatrix();
        double[] nll = labelled ? out.get(EXAMPLE_NLL).castTo(DataType.DOUBLE).toDoubleVector()
                : new double[labels.length];
        if (!labelled) {
            Arrays.fill(nll, Double.NaN);
        }
        return new TrainableModel.Predictions(probabilities, nll);
    }

    /** The exposed outputs {@code names} (see {@link #exposedOutputs()}), dropout off. */
    public Map<String, INDArray> exposed(Map<String, INDArray> inputs, String... names) {
        for (String n : names) {
            if (!exposed.contains(n)) {
                throw new IllegalArgumentException("head " + head.name() + " exposes " + exposed + ", not " + n);
            }
        }
        return output(feed(inputs, null, null, false, false), names);
    }

    /** {@code sd.output} through a {@link SubgraphSession} (the graph's walk done once per set of outputs). */
    private Map<String, INDArray> output(Map<String, INDArray> placeholders, String... names) {
        SubgraphSession.install(sd);
        return sd.output(placeholders, names);
    }

    private Map<String, INDArray> feed(Map<String, INDArray> inputs, int[] labels, float[] exampleWeights,
                                       boolean training, boolean withLabels) {
        Map<String, INDArray> ph = new HashMap<>(inputs);
        ph.put(TRAINING, Nd4j.scalar(dtype, training ? 1.0 : 0.0));
        if (withLabels) {
            int b = labels.length;
            ph.put(LABELS, Nd4j.createFromArray(labels));
            ph.put(EXAMPLE_WEIGHTS, exampleWeights == null ? Nd4j.ones(dtype, b)
                    : Nd4j.createFromArray(exampleWeights).castTo(dtype));
        }
        return ph;
    }
}
