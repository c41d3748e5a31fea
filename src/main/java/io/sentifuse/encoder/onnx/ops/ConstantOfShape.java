package io.sentifuse.encoder.onnx.ops;

import io.sentifuse.encoder.onnx.proto.OnnxTensors;
import java.util.List;
import onnx.Onnx;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.custom.Fill;
import org.nd4j.linalg.factory.Nd4j;

/** ConstantOfShape: a tensor of {@code shape} filled with {@code value} (one element; default float 0). */
public final class ConstantOfShape implements OpMapper {

    @Override
    public List<Value> map(NodeContext ctx) {
        Onnx.TensorProto t = ctx.attrs().tensor("value");
        INDArray value = t == null ? Nd4j.scalar(0f) : OnnxTensors.toArray(t, "ConstantOfShape value");
        DataType type = value.dataType();
        double v = value.length() == 0 ? 0 : value.getDouble(0);
        Value sv = ctx.input(0);
        if (sv.isConstant()) {
            long[] shape = ctx.requireLongs(0, "shape");
            INDArray out = Shapes.product(shape, 0, shape.length) == 0 ? Nd4j.create(type, shape)
                    : Nd4j.valueArrayOf(shape, v, type);
            return Emit.one(Value.constant(out));
        }
        long[] el = sv.elements();
        long[] shape = el == null ? (sv.shape() == null ? null : Shapes.unknown((int) sv.shape()[0]))
                : java.util.Arrays.stream(el).map(e -> e == Value.UNKNOWN ? -1 : e).toArray();
        return Emit.one(Value.of(new Fill(ctx.sd(), Emit.as(ctx.var(sv), DataType.LONG), type, v).outputVariable(), shape));
    }
}
