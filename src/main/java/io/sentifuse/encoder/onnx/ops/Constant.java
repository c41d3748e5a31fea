package io.sentifuse.encoder.onnx.ops;

import io.sentifuse.encoder.onnx.proto.OnnxTensors;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Constant: a tensor from {@code value}, {@code value_float(s)} or {@code value_int(s)}; never a graph op. */
public final class Constant implements OpMapper {

    @Override
    public List<Value> map(NodeContext ctx) {
        var a = ctx.attrs();
        INDArray value;
        if (a.has("value")) {
            value = OnnxTensors.toArray(a.tensor("value"), "Constant node");
        } else if (a.has("value_float")) {
            value = Nd4j.scalar(a.f("value_float", 0));
        } else if (a.has("value_floats")) {
            value = Nd4j.createFromArray(a.floats("value_floats"));
        } else if (a.has("value_int")) {
            value = Nd4j.scalar(a.i("value_int", 0));
        } else if (a.has("value_ints")) {
            value = Nd4j.createFromArray(a.ints("value_ints"));
        } else {
            throw ctx.error("only numeric tensor values are supported (attributes: " + a.names() + ")");
        }
        return Emit.one(Value.constant(value));
    }
}
