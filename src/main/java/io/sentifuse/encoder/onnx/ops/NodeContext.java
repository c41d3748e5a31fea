package io.sentifuse.encoder.onnx.ops;

import io.sentifuse.encoder.onnx.TranslationOptions;
import io.sentifuse.encoder.onnx.proto.Attributes;
import io.sentifuse.errors.UserInputException;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import onnx.Onnx;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * What an {@link OpMapper} sees of the node it translates: its inputs as {@link Value}s, its attributes, the
 * model's opset, and the SameDiff graph to add ops to. Errors raised here name the node, its op type and the
 * opset.
 */
public final class NodeContext {

    /** Creates SameDiff variables for values that have none yet (folded constants, weights) and fresh names. */
    public interface Graph {
        SameDiff sd();

        SDVariable materialise(Value v);

        String freshName(String base);

        /**
         * The variable made for {@code key} earlier in this graph, or {@code make}'s, remembered under it. Keys name
         * the variables an op reads, so equal keys compute equal values.
         */
        default SDVariable shared(String key, Supplier<SDVariable> make) {
            return make.get();
        }
    }

    private final Graph graph;
    private final Onnx.NodeProto node;
    private final String label;
    private final int opset;
    private final List<Value> inputs;
    private final Attributes attributes;
    private final String source;
    private final boolean rewrites;
    private final boolean depthwiseTaps;

    /**
     * {@code rewrites}: {@link TranslationOptions#fuse()}; {@code depthwiseTaps}:
     * {@link TranslationOptions#depthwiseTaps()} (passed as flags: this package does not depend on the translator's).
     */
    public NodeContext(Graph graph, Onnx.NodeProto node, String label, int opset, List<Value> inputs, String source,
                boolean rewrites, boolean depthwiseTaps) {
        this.rewrites = rewrites;
        this.depthwiseTaps = depthwiseTaps;
        this.graph = graph;
        this.node = node;
        this.label = label;
        this.opset = opset;
        this.inputs = inputs;
        this.attributes = new Attributes(node.getAttributeList());
        this.source = source;
    }

    public SameDiff sd() {
        return graph.sd();
    }

    /**
     * Shape arithmetic that several nodes repeat on one variable (its dimensions read back, a flattening reshape):
     * made once per graph when rewrites are on, so that a layer's three products of one input read its shape once.
     * {@code key} must name every variable and number the result depends on.
     */
    public SDVariable shared(String key, Supplier<SDVariable> make) {
        return rewrites ? graph.shared(key, make) : make.get();
    }

    /** As {@link #shared}, whether or not rewrites are on (for ops that only rewrites emit). */
    SDVariable sharedAlways(String key, Supplier<SDVariable> make) {
        return graph.shared(key, make);
    }

    public int opset() {
        return opset;
    }

    public String opType() {
        return node.getOpType();
    }

    public Attributes attrs() {
        return attributes;
    }

    /**
     * Whether the mapping may emit a faster form that computes the same function, with the same trainable
     * weights and gradients, instead of the literal ND4J op ({@link TranslationOptions#fuse()}).
     */
    public boolean rewrites() {
        return rewrites;
    }

    /** Whether a depthwise convolution runs as shifted products ({@link TranslationOptions#depthwiseTaps()}). */
    public boolean depthwiseTaps() {
        return depthwiseTaps;
    }

    /**
     * Whether 2-D convolutions run channels-last ({@link ChannelsLast}): with rewrites on and the native depthwise
     * form, which {@code TranslationOptions.Depthwise.forBackend()} picks for builds with a vendor convolution library
     * (oneDNN, cuDNN); {@code -Dsentifuse.depthwise=taps|native} therefore turns channels-last off or on as well.
     */
    public boolean channelsLast() {
        return rewrites && !depthwiseTaps;
    }

    /** Number of outputs the node declares (optional trailing outputs may be absent). */
    public int outputCount() {
        return node.getOutputCount();
    }

    /** Whether output {@code k} is requested by the model (declared and non-empty). */
    public boolean wantsOutput(int k) {
        return k < node.getOutputCount() && !node.getOutput(k).isEmpty();
    }

    public int inputCount() {
        return inputs.size();
    }

    /** Whether optional input {@code i} is given. */
    public boolean has(int i) {
        return i < inputs.size() && inputs.get(i) != null;
    }

    public Value input(int i) {
        if (!has(i)) {
            throw error("input " + i + " is required but missing");
        }
        return inputs.get(i);
    }

    /** The input's SameDiff variable (a folded constant is materialised on first use). */
    public SDVariable var(int i) {
        return var(input(i));
    }

    public SDVariable var(Value v) {
        return graph.materialise(v);
    }

    /** Contents of input {@code i} when known while translating, else null (also for absent inputs). */
    public INDArray constant(int i) {
        return has(i) ? inputs.get(i).constant() : null;
    }

    /** Contents of an input that this translator needs statically, as longs (axes, pads, split sizes...). */
    public long[] requireLongs(int i, String what) {
        INDArray c = constant(i);
        if (c == null) {
            throw staticInput(i, what);
        }
        return c.isEmpty() ? new long[0] : c.castTo(DataType.LONG).reshape(-1).toLongVector();
    }

    /** Contents of an input needed statically, as doubles. */
    public double[] requireDoubles(int i, String what) {
        INDArray c = constant(i);
        if (c == null) {
            throw staticInput(i, what);
        }
        return c.isEmpty() ? new double[0] : c.castTo(DataType.DOUBLE).reshape(-1).toDoubleVector();
    }

    /** The error for a parameter input that has to be known while translating but is computed at run time. */
    public StaticInputException staticInput(int i, String what) {
        return new StaticInputException(source + ": node " + label + " (" + node.getOpType() + ", opset " + opset + "): "
                + what + " (input " + i + ", '" + node.getInput(i) + "') must be known when the model is translated,"
                + " but it is computed at run time", node.getInput(i));
    }

    /** A new constant in the graph. */
    public SDVariable constant(INDArray array) {
        return sd().constant(graph.freshName(opType().toLowerCase() + "_const"), array);
    }

    /** A new INT64 vector constant. */
    public SDVariable longs(long... values) {
        return constant(Nd4j.createFromArray(values));
    }

    /** A new scalar constant of the given type. */
    public SDVariable scalar(DataType type, double value) {
        return constant(Nd4j.scalar(value).castTo(type));
    }

    /** Normalises a possibly negative axis against {@code rank} (ONNX accepts [-rank, rank-1]). */
    public int axis(long axis, int rank, String what) {
        if (rank < 0) {
            throw error("the rank of the input is unknown, so " + what + " " + axis + " cannot be resolved");
        }
        long a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank) {
            throw error(what + " " + axis + " is out of range for rank " + rank);
        }
        return (int) a;
    }

    public int[] axes(long[] axes, int rank, String what) {
        int[] out = new int[axes.length];
        for (int k = 0; k < axes.length; k++) {
            out[k] = axis(axes[k], rank, what);
        }
        Arrays.sort(out);
        return out;
    }

    /** Rank of input {@code i}, which this mapping needs. */
    public int rank(int i) {
        int r = input(i).rank();
        if (r < 0) {
            throw error("needs the rank of input " + i + " ('" + node.getInput(i) + "'), which is unknown");
        }
        return r;
    }

    /** A bad-model error naming the node, op type and opset. */
    public UserInputException error(String message) {
        return new UserInputException(source + ": node " + label + " (" + node.getOpType() + ", opset " + opset + "): " + message);
    }
}
