package io.sentifuse.model;

import io.sentifuse.errors.UserInputException;
import io.sentifuse.train.Trainer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What {@link Trainer} trains: a SameDiff model with a loss over batches of {@code B}, its trainable
 * parameters (each in an optimiser group) and its folder form. The frozen-feature
 * {@link io.sentifuse.fusion.FusionModel} and the end-to-end fine-tuning model implement it, so both share
 * one training loop, one checkpoint format and one metrics path.
 *
 * @param <B> the batch type the model reads
 */
public interface TrainableModel<B extends LabelledBatch> {

    /** The fusion head's registry name. */
    String headName();

    /** Trainable parameters in a fixed order: optimiser group ({@link ParamSpec#HEAD} etc.) and decay. */
    Map<String, ParamSpec> parameterSpecs();

    /** The live array of a trainable parameter: updating it in place changes the model. */
    INDArray parameter(String name);

    /**
     * Loss and gradients of one training step. The arrays are the caller's: {@link #close()} frees them as soon
     * as the optimiser has used them (an encoder's gradients are hundreds of MB of native memory).
     */
    record Gradients(double loss, Map<String, INDArray> gradients) implements AutoCloseable {

        @Override
        public void close() {
            for (INDArray a : gradients.values()) {
                if (a != null && !a.wasClosed() && a.closeable()) {
                    a.close();
                }
            }
        }
    }

    /** Class probabilities and per-example NLL of a batch (NaN where the batch has no labels). */
    record Predictions(float[][] probabilities, double[] nll) {
    }

    /**
     * Forward and backward pass with dropout on; gradients of every parameter in {@link #parameterSpecs()}.
     *
     * @param exampleWeights per-example loss weights, or null for all 1
     * @param stepSeed       seed of this step's dropout masks
     */
    Gradients gradients(B batch, float[] exampleWeights, long stepSeed);

    /** Class probabilities of a batch, dropout off. */
    Predictions predict(B batch);

    /** Writes the model into {@code dir} (checkpoints and the run's {@code model/} folder). */
    void save(Path dir);

    /** Sets every trainable parameter from a folder {@link #save} wrote for a model of this configuration. */
    void restore(Path dir);

    /** Copies of every trainable parameter's current value, in {@link #parameterSpecs()} order. */
    default Map<String, INDArray> copyParameters() {
        Map<String, INDArray> out = new LinkedHashMap<>();
        for (String name : parameterSpecs().keySet()) {
            out.put(name, parameter(name).dup());
        }
        return out;
    }

    /**
     * Sets every trainable parameter from {@code values} (a saved model or checkpoint), which must hold each of
     * them with the same shape; extra entries (statistics saved beside the parameters) are ignored.
     *
     * @param source the file the values came from, for the error message
     * @throws UserInputException naming the missing parameters or the first one with another shape
     */
    default void setParameters(Map<String, INDArray> values, String source) {
        List<String> missing = new ArrayList<>();
        for (String name : parameterSpecs().keySet()) {
            if (!values.containsKey(name)) {
                missing.add(name);
            }
        }
        if (!missing.isEmpty()) {
            throw new UserInputException(source + ": " + missing.size() + " of the " + parameterSpecs().size()
                    + " parameters of this " + headName() + " model are missing, e.g. "
                    + missing.subList(0, Math.min(5, missing.size())));
        }
        for (String name : parameterSpecs().keySet()) {
            INDArray target = parameter(name);
            INDArray value = values.get(name);
            if (!Arrays.equals(target.shape(), value.shape())) {
                throw new UserInputException(source + ": parameter " + name + " has shape "
                        + Arrays.toString(value.shape()) + " but this " + headName() + " model with this "
                        + "configuration needs " + Arrays.toString(target.shape()));
            }
            target.assign(value.castTo(target.dataType()));
        }
    }

    /** Number of trainable values. */
    default long parameterCount() {
        long n = 0;
        for (String p : parameterSpecs().keySet()) {
            n += parameter(p).length();
        }
        return n;
    }
}
