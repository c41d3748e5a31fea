package io.sentifuse.encoder.image;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.sentifuse.encoder.verify.OrtRunner;
import io.sentifuse.errors.UserInputException;
import java.nio.FloatBuffer;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import onnx.Onnx.ModelProto;

/** An image model on ONNX Runtime (CPU), the reference engine every translated graph is checked against. */
public final class OrtImageRunner implements ImageBatchRunner {

    private final OrtEnvironment env = OrtEnvironment.getEnvironment();
    private final OrtSession session;
    private final String input;

    /**
     * @param model   the ONNX model (with any extra outputs already exposed)
     * @param input   name of its image input
     * @param threads intra-op threads (0 = ONNX Runtime's default: all cores)
     */
    public OrtImageRunner(ModelProto model, String input, int threads) {
        this.input = input;
        this.session = OrtRunner.open(env, model.toByteArray(), model, "the model (graph '" + model.getGraph().getName()
                + "')", threads);
    }

    @Override
    public Map<String, float[]> run(float[] nchw, int batch, int size, List<String> outputs) {
        // Channels follow from the array (3 for RGB models; tests also run single-channel graphs).
        long[] shape = {batch, nchw.length / ((long) batch * size * size), size, size};
        try (OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(nchw), shape);
                OrtSession.Result result = session.run(Map.of(input, x), new HashSet<>(outputs))) {
            Map<String, float[]> out = new LinkedHashMap<>();
            for (String name : outputs) {
                OnnxValue v = result.get(name).orElseThrow(() -> new IllegalStateException(
                        "ONNX Runtime returned no output '" + name + "'"));
                FloatBuffer buf = ((OnnxTensor) v).getFloatBuffer();
                float[] values = new float[buf.remaining()];
                buf.get(values);
                out.put(name, values);
            }
            return out;
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed on a batch of " + batch + " images of " + size
                    + "x" + size + ": " + e.getMessage(), e);
        }
    }

    /** The shape ONNX Runtime computes for each output on one input of the given size (for shape discovery). */
    public Map<String, long[]> outputShapes(int size, List<String> outputs) {
        long[] shape = {1, 3, size, size};
        try (OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(new float[3 * size * size]), shape);
                OrtSession.Result result = session.run(Map.of(input, x), new HashSet<>(outputs))) {
            Map<String, long[]> out = new LinkedHashMap<>();
            for (String name : outputs) {
                out.put(name, ((OnnxTensor) result.get(name).orElseThrow()).getInfo().getShape());
            }
            return out;
        } catch (OrtException e) {
            throw new UserInputException("ONNX Runtime cannot run the model on a 1x3x" + size + "x" + size
                    + " input '" + input + "': " + e.getMessage(), e);
        }
    }

    @Override
    public String engine() {
        return "onnxruntime";
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException("cannot close the ONNX Runtime session", e);
        }
    }
}
