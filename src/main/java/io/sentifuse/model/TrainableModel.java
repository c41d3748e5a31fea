package io.sentifuse.model;

import io.sentifuse.train.Trainer;
import java.nio.file.Path;
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

    /** Number of trainable values. */
    default long parameterCount() {
        long n = 0;
        for (String p : parameterSpecs().keySet()) {
            n += parameter(p).length();
        }
        return n;
    }
}
