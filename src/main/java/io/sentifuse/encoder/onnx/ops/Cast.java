package io.sentifuse.encoder.onnx.ops;

import io.sentifuse.encoder.onnx.proto.OnnxTensors;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;

/** Cast to the element type {@code to}; numeric and BOOL types only. */
public final class Cast implements OpMapper {

    @Override
    public List<Value> map(NodeContext ctx) {
        Value xv = ctx.input(0);
        int to = (int) ctx.attrs().i("to", 0);
        DataType type = OnnxTensors.dataType(to);
        if (type == null) {
            throw ctx.error("cast to " + OnnxTensors.typeName(to) + " is not supported (numeric and BOOL types only)");
        }
        // a cast to the type the variable already has is the variable itself (no copy op)
        return Emit.one(Value.lazy(() -> Emit.as(ctx.var(xv), type), type, xv.shape(),
                type.isIntType() ? xv.elements() : null));
    }
}
