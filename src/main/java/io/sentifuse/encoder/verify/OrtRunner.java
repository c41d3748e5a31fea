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
import java.util.HashSet;
import java.util.Set;
import onnx.Onnx;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** An ONNX Runtime session on a model, fed and read as ND4J arrays. Close it after use (native memory). */
public final class OrtRunner implements AutoCloseable {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(OrtRunner.class);

    private final OrtEnvironment env = OrtEnvironment.getEnvironment();
    private final OrtSession session;
    private final String source;

    /**
     * A session on the model bytes with {@code threads} intra-op threads (0 = ORT's default), with graph
     * optimisations unless they are known to compute wrong results on this graph ({@link #optimisationsUnsafe}).
     */
    public OrtRunner(byte[] model, String source, int threads) {
        this.source = source;
        this.session = open(env, model, parse(model, source), source, threads);
    }

    /**
     * A session for {@code model}: {@code threads} intra-op threads (0 = ONNX Runtime's default) and one inter-op
     * thread, and no graph optimisations where {@link #optimisationsUnsafe} says they would be wrong.
     */
    public static OrtSession open(OrtEnvironment env, byte[] bytes, Onnx.ModelProto model, String source, int threads) {
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            if (threads > 0) {
                options.setIntraOpNumThreads(threads);
                options.setInterOpNumThreads(1);
            }
            if (model != null && optimisationsUnsafe(model)) {
                LOG.warn("{} has Pad -> MaxPool; running ONNX Runtime without graph optimisations", source);
                options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.NO_OPT);
            }
            return env.createSession(bytes, options);
        } catch (OrtException e) {
            throw new UserInputException("ONNX Runtime cannot load " + source + ": " + e.getMessage(), e);
        }
    }

    /**
     * Whether ONNX Runtime 1.20's graph optimisations compute this graph wrongly: its PadFusion folds a Pad
     * (zeros) into a following MaxPool's pads, which MaxPool fills with -inf, so windows whose values are all
     * negative come out different. Unoptimised, ONNX Runtime computes such graphs right.
     */
    public static boolean optimisationsUnsafe(Onnx.ModelProto model) {
        Set<String> padded = new HashSet<>();
        for (Onnx.NodeProto n : model.getGraph().getNodeList()) {
            if (n.getOpType().equals("Pad")) {
                padded.addAll(n.getOutputList());
            }
        }
        return model.getGraph().getNodeList().stream()
                .anyMatch(n -> n.getOpType().equals("MaxPool") && n.getInputCount() > 0 && padded.contains(n.getInput(0)));
    }

    /** The model for the optimisation check, or null when the bytes do not parse (ONNX Runtime then says why). */
    private static Onnx.ModelProto parse(byte[] bytes, String source) {
        try {
            return Onnx.ModelProto.parseFrom(bytes);
        } catch (org.nd4j.shade.protobuf.InvalidProtocolBufferException e) {
            LOG.debug("{} does not parse as ONNX: {}", source, e.getMessage());
            return null;
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
