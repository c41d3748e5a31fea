package io.sentifuse.encoder.verify;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.sentifuse.errors.UserInputException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** An ONNX Runtime session on a model, fed and read as ND4J arrays. Close it after use (native memory). */
public final class OrtRunner implements AutoCloseable {

    private final OrtEnvironment env = OrtEnvironment.getEnvironment();
    private final OrtSession session;
    private final String source;

    /** A session on the model bytes with {@code threads} intra-op threads (0 = ORT's default). */
    public OrtRunner(byte[] model, String source, int threads) {
        this.source = source;
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            if (threads > 0) {
                options.setIntraOpNumThreads(threads);
                options.setInterOpNumThreads(1);
            }
            session = env.createSession(model, options);
        } catch (OrtException e) {
            throw new UserInputException("ONNX Runtime cannot load " + source + ": " + e.getMessage(), e);
        }
    }

    public String version() {
        return env.getVersion();
    }

    /** Runs the model; outputs by ONNX name, as ND4J arrays. */
    public Map<String, INDArray> run(Map<String, INDArray> inputs) {
        List<OnnxTensor> tensors = new ArrayList<>();
        try {
            Map<String, OnnxTensor> feed = new LinkedHashMap<>();
            for (Map.Entry<String, INDArray> e : inputs.entrySet()) {
                OnnxTensor t = tensor(e.getValue());
                tensors.add(t);
                feed.put(e.getKey(), t);
            }
            Map<String, INDArray> out = new LinkedHashMap<>();
            try (OrtSession.Result result = session.run(feed)) {
                for (Map.Entry<String, OnnxValue> e : result) {
                    out.put(e.getKey(), array((OnnxTensor) e.getValue()));
                }
            }
            return out;
        } catch (OrtException e) {
            throw new UserInputException("ONNX Runtime cannot run " + source + " on inputs " + describe(inputs) + ": "
                    + e.getMessage(), e);
        } finally {
            tensors.forEach(OnnxTensor::close);
        }
    }

    private static String describe(Map<String, INDArray> inputs) {
        StringBuilder s = new StringBuilder();
        inputs.forEach((k, v) -> s.append(s.length() == 0 ? "" : ", ").append(k).append(java.util.Arrays.toString(v.shape())));
        return s.toString();
    }

    private OnnxTensor tensor(INDArray a) throws OrtException {
        INDArray c = a.dup('c');
        long[] shape = c.shape();
        return switch (c.dataType()) {
            case FLOAT -> OnnxTensor.createTensor(env, FloatBuffer.wrap(c.data().asFloat()), shape);
            case DOUBLE -> OnnxTensor.createTensor(env, DoubleBuffer.wrap(c.data().asDouble()), shape);
            case LONG -> OnnxTensor.createTensor(env, LongBuffer.wrap(c.data().asLong()), shape);
            case INT -> OnnxTensor.createTensor(env, IntBuffer.wrap(c.data().asInt()), shape);
            case BOOL -> {
                ByteBuffer b = ByteBuffer.allocateDirect((int) c.length()).order(ByteOrder.nativeOrder());
                for (int v : c.castTo(DataType.INT).data().asInt()) {
                    b.put((byte) v);
                }
                b.flip();
                yield OnnxTensor.createTensor(env, b, shape, OnnxJavaType.BOOL);
            }
            default -> throw new IllegalArgumentException("no ONNX Runtime input for " + c.dataType());
        };
    }

    private static INDArray array(OnnxTensor t) {
        long[] shape = t.getInfo().getShape();
        INDArray flat = switch (t.getInfo().type) {
            case FLOAT -> Nd4j.createFromArray(copy(t.getFloatBuffer()));
            case DOUBLE -> Nd4j.createFromArray(copy(t.getDoubleBuffer()));
            case INT64 -> Nd4j.createFromArray(copy(t.getLongBuffer()));
            case INT32 -> Nd4j.createFromArray(copy(t.getIntBuffer()));
            default -> throw new IllegalArgumentException("unsupported ONNX Runtime output type " + t.getInfo().type);
        };
        return shape.length == 0 ? flat.reshape('c', 1).getScalar(0) : flat.reshape('c', shape);
    }

    private static float[] copy(FloatBuffer b) {
        float[] a = new float[b.remaining()];
        b.get(a);
        return a;
    }

    private static double[] copy(DoubleBuffer b) {
        double[] a = new double[b.remaining()];
        b.get(a);
        return a;
    }

    private static long[] copy(LongBuffer b) {
        long[] a = new long[b.remaining()];
        b.get(a);
        return a;
    }

    private static int[] copy(IntBuffer b) {
        int[] a = new int[b.remaining()];
        b.get(a);
        return a;
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
