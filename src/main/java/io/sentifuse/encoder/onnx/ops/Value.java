package io.sentifuse.encoder.onnx.ops;

import java.util.Arrays;
import java.util.function.Supplier;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What the translator knows about one ONNX tensor: its element type, its static shape (possibly partial), and,
 * where known while translating, its contents. A value with known contents is folded: it only becomes a
 * SameDiff constant when an op that runs at inference time needs it ({@link NodeContext#var(Value)}).
 *
 * <p>Small integer vectors (shape arithmetic) also carry {@link #elements()}: per element the known number or
 * {@link #UNKNOWN}, so that {@code Shape(x)} of an input with a dynamic batch but a fixed hidden size still
 * lets later ops see the hidden size.
 */
public final class Value {

    /** Marks an element of {@link #elements()} whose number is only known at run time. */
    public static final long UNKNOWN = Long.MIN_VALUE;

    /** Longest integer vector whose elements are tracked. */
    static final int MAX_TRACKED_ELEMENTS = 16;

    private final DataType dataType;
    private final long[] shape;
    private final INDArray constant;
    private final long[] elements;
    private final boolean trainable;
    private SDVariable variable;
    private SDVariable channelsLast;
    private Supplier<SDVariable> producer;
    private String nameHint;

    private Value(DataType dataType, long[] shape, INDArray constant, long[] elements, boolean trainable, SDVariable variable) {
        this.dataType = dataType;
        this.shape = shape;
        this.constant = constant;
        this.elements = elements;
        this.trainable = trainable;
        this.variable = variable;
    }

    /**
     * A partly known integer vector whose ops are only added to the graph when a run-time consumer needs
     * them: shape arithmetic whose every consumer folds leaves nothing behind. With all elements known it is
     * a constant.
     */
    public static Value lazy(Supplier<SDVariable> ops, DataType type, long[] shape, long[] elements) {
        if (elements != null && Arrays.stream(elements).noneMatch(e -> e == UNKNOWN)) {
            return constant(elementsArray(elements, shape, type));
        }
        if (elements == null) {
            return of(ops.get(), shape);
        }
        Value v = new Value(type, shape, null, elements, false, null);
        v.producer = ops;
        return v;
    }

    /** A value computed by graph ops; {@code shape} may be null (rank unknown) or hold -1 for unknown dimensions. */
    public static Value of(SDVariable variable, long[] shape) {
        return new Value(variable.dataType(), shape, null, null, false, variable);
    }

    /**
     * A 4-D value that ONNX sees as {@code [N, C, H, W]} and the graph holds channels-last, {@code [N, H, W, C]}
     * ({@link ChannelsLast}): mappers that know the layout read {@link #channelsLast()}; any other reader gets the
     * channels-first permute, made on its first use.
     */
    public static Value channelsLast(SDVariable nhwc, long[] nchwShape) {
        Value v = new Value(nhwc.dataType(), nchwShape, null, null, false, null);
        v.channelsLast = nhwc;
        v.producer = () -> nhwc.getSameDiff().permute(nhwc, ChannelsLast.TO_FIRST);
        return v;
    }

    /** A value known while translating. */
    public static Value constant(INDArray array) {
        return new Value(array.dataType(), array.shape(), array, trackedElements(array), false, null);
    }

    /** A trainable weight (an initializer translated as a SameDiff variable); its contents must not be folded. */
    public static Value weight(INDArray array) {
        return new Value(array.dataType(), array.shape(), array, null, true, null);
    }

    public DataType dataType() {
        return dataType;
    }

    /** Static shape; null when even the rank is unknown; -1 for dimensions known only at run time. */
    public long[] shape() {
        return shape == null ? null : shape.clone();
    }

    public int rank() {
        return shape == null ? -1 : shape.length;
    }

    public boolean hasRank() {
        return shape != null;
    }

    /** Dimension {@code axis} (already non-negative) or -1 when not known statically. */
    public long dim(int axis) {
        return shape == null || axis >= shape.length ? -1 : shape[axis];
    }

    public boolean isStaticShape() {
        return shape != null && Arrays.stream(shape).allMatch(d -> d >= 0);
    }

    /** Contents known while translating (null for run-time values and trainable weights). */
    public INDArray constant() {
        return trainable ? null : constant;
    }

    public boolean isConstant() {
        return constant != null && !trainable;
    }

    public boolean isTrainable() {
        return trainable;
    }

    /** The initial contents of a weight or constant (for materialising it). */
    public INDArray contents() {
        return constant;
    }

    /** Per-element knowledge of a small integer vector, or null where not tracked. */
    public long[] elements() {
        return elements == null ? null : elements.clone();
    }

    /** The SameDiff variable, or null while a folded constant has not been materialised. */
    public SDVariable variable() {
        return variable;
    }

    public void bind(SDVariable v) {
        this.variable = v;
    }

    /** The channels-last variable of a value the graph holds channels-last, else null. */
    public SDVariable channelsLast() {
        return channelsLast;
    }

    /** Ops that compute a lazy value, or null. */
    public Supplier<SDVariable> producer() {
        return producer;
    }

    /** The ONNX name to give the SameDiff variable when this value is materialised (initializers). */
    public String nameHint() {
        return nameHint;
    }

    public Value named(String hint) {
        this.nameHint = hint;
        return this;
    }

    /** The same value with a better static shape (e.g. from the model's value_info). */
    public Value withShape(long[] better) {
        Value v = new Value(dataType, better, constant, elements, trainable, variable);
        v.nameHint = nameHint;
        v.producer = producer;
        v.channelsLast = channelsLast;
        return v;
    }

    private static long[] trackedElements(INDArray a) {
        if (!a.dataType().isIntType() || a.rank() > 1 || a.length() > MAX_TRACKED_ELEMENTS || a.isEmpty()) {
            return null;
        }
        return a.castTo(DataType.LONG).data().asLong();
    }

    private static INDArray elementsArray(long[] elements, long[] shape, DataType type) {
        if (elements.length == 0) {
            return org.nd4j.linalg.factory.Nd4j.create(type, 0);
        }
        INDArray a = shape != null && shape.length == 0 && elements.length == 1
                ? org.nd4j.linalg.factory.Nd4j.scalar(elements[0])
                : org.nd4j.linalg.factory.Nd4j.createFromArray(elements);
        return a.castTo(type);
    }

    @Override
    public String toString() {
        return (isConstant() ? "const " : trainable ? "weight " : "") + dataType + Arrays.toString(shape);
    }
}
