package io.sentifuse.encoder.onnx.ops;

import java.util.List;

/**
 * Translates one ONNX operator type into SameDiff ops. Implementations are stateless; everything about the
 * node comes from the {@link NodeContext}. They return one {@link Value} per declared node output (null for an
 * optional output the mapping does not produce).
 */
public interface OpMapper {

    /** Highest default-domain opset the mappings are written for (ONNX 1.12). */
    int MAX_OPSET = 17;

    /** The outputs of the node. */
    List<Value> map(NodeContext ctx);

    /**
     * Lowest and highest default-domain opset this mapping implements. Models outside the range are refused
     * before anything is built.
     */
    default int minOpset() {
        return 1;
    }

    default int maxOpset() {
        return MAX_OPSET;
    }

    /** Whether the node may be evaluated while translating when all its inputs are known. */
    default boolean foldable() {
        return true;
    }
}
