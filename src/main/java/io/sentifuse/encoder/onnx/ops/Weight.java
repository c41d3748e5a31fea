package io.sentifuse.encoder.onnx.ops;

import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A convolution weight: its value where it is known while translating (constant initializers, BatchNorm folds
 * of them), else a graph variable. A known weight is laid out for ND4J once, here, and only that layout becomes a
 * constant of the graph, so the graph neither permutes it on every pass nor stores it twice.
 */
final class Weight {

    private final INDArray known;
    private final Supplier<SDVariable> make;
    private SDVariable variable;

    private Weight(INDArray known, Supplier<SDVariable> make) {
        this.known = known;
        this.make = make;
    }

    /** A weight computed while translating (e.g. folded); it enters the graph only in the layouts asked for. */
    static Weight known(NodeContext ctx, INDArray value) {
        return new Weight(value, () -> ctx.constant(value));
    }

    /** Input {@code w} of the node: known when it is a constant, else its graph variable. */
    static Weight of(NodeContext ctx, Value w) {
        return new Weight(w.isConstant() ? w.constant() : null, () -> ctx.var(w));
    }

    /** A weight computed by graph ops. */
    static Weight of(SDVariable variable) {
        return new Weight(null, () -> variable);
    }

    /** Its value when known while translating, else null. */
    INDArray known() {
        return known;
    }

    /** The weight in the graph as it is (for forms that slice or reshape it per pass). */
    SDVariable variable() {
        if (variable == null) {
            variable = make.get();
        }
        return variable;
    }

    /**
     * The weight rearranged: {@code now} applied while translating (one constant) when the value is known, else
     * {@code ops} on the graph variable.
     */
    SDVariable laidOut(NodeContext ctx, UnaryOperator<INDArray> now, UnaryOperator<SDVariable> ops) {
        return known != null ? ctx.constant(now.apply(known).dup('c')) : ops.apply(variable());
    }
}
