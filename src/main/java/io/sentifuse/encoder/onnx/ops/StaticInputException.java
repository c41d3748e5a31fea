package io.sentifuse.encoder.onnx.ops;

import io.sentifuse.errors.UserInputException;

/**
 * A node parameter that this translator needs while translating (axes, pads, split sizes, slice bounds...)
 * is computed at run time instead. Models exported by PyTorch, TensorFlow converters or HF optimum carry
 * these as initializers or constants; names the tensor so that callers (the conformance runner) can bind it.
 */
public final class StaticInputException extends UserInputException {

    private final String tensor;

    public StaticInputException(String message, String tensor) {
        super(message);
        this.tensor = tensor;
    }

    /** The ONNX name of the tensor that has to be known. */
    public String tensor() {
        return tensor;
    }
}
