package io.sentifuse.encoder.tfjs;

import java.util.List;

/** Converts one Keras layer class to ONNX nodes. Implementations are stateless. */
interface LayerConverter {

    /**
     * Emits the nodes of {@code layer} reading {@code inputs}; the returned value is the layer's output, normally
     * an ONNX value named {@code layer.name()} (or an input itself for layers that do nothing at inference).
     */
    Value convert(ConversionContext ctx, KerasLayer layer, List<Value> inputs);

    /** Whether this layer can take an input that still owes zero padding (convolutions fold it into theirs). */
    default boolean absorbsPadding() {
        return false;
    }
}
