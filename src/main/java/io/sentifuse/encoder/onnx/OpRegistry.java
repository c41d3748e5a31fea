package io.sentifuse.encoder.onnx;

import io.sentifuse.encoder.onnx.ops.BatchNormalization;
import io.sentifuse.encoder.onnx.ops.Binary;
import io.sentifuse.encoder.onnx.ops.Cast;
import io.sentifuse.encoder.onnx.ops.Clip;
import io.sentifuse.encoder.onnx.ops.Concat;
import io.sentifuse.encoder.onnx.ops.Constant;
import io.sentifuse.encoder.onnx.ops.ConstantOfShape;
import io.sentifuse.encoder.onnx.ops.Conv;
import io.sentifuse.encoder.onnx.ops.CumSum;
import io.sentifuse.encoder.onnx.ops.Expand;
import io.sentifuse.encoder.onnx.ops.Flatten;
import io.sentifuse.encoder.onnx.ops.Gather;
import io.sentifuse.encoder.onnx.ops.Gemm;
import io.sentifuse.encoder.onnx.ops.GlobalPool;
import io.sentifuse.encoder.onnx.ops.HardSigmoid;
import io.sentifuse.encoder.onnx.ops.Identity;
import io.sentifuse.encoder.onnx.ops.LayerNormalization;
import io.sentifuse.encoder.onnx.ops.MatMul;
import io.sentifuse.encoder.onnx.ops.OpMapper;
import io.sentifuse.encoder.onnx.ops.Pad;
import io.sentifuse.encoder.onnx.ops.Pool;
import io.sentifuse.encoder.onnx.ops.Pow;
import io.sentifuse.encoder.onnx.ops.Range;
import io.sentifuse.encoder.onnx.ops.Reduce;
import io.sentifuse.encoder.onnx.ops.Reshape;
import io.sentifuse.encoder.onnx.ops.Shape;
import io.sentifuse.encoder.onnx.ops.Size;
import io.sentifuse.encoder.onnx.ops.Slice;
import io.sentifuse.encoder.onnx.ops.Softmax;
import io.sentifuse.encoder.onnx.ops.Split;
import io.sentifuse.encoder.onnx.ops.Squeeze;
import io.sentifuse.encoder.onnx.ops.Transpose;
import io.sentifuse.encoder.onnx.ops.Unary;
import io.sentifuse.encoder.onnx.ops.Unsqueeze;
import io.sentifuse.encoder.onnx.ops.Where;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.nd4j.linalg.api.ops.impl.transforms.bool.BooleanNot;

/**
 * ONNX operator type to mapping. Adding an operator is one {@link OpMapper} class and one line in
 * {@link #standard()}.
 */
public final class OpRegistry {

    /** Highest default-domain opset the mappings are written for (ONNX 1.12). */
    public static final int MAX_OPSET = OpMapper.MAX_OPSET;

    private final Map<String, OpMapper> mappers;

    private OpRegistry(Map<String, OpMapper> mappers) {
        this.mappers = mappers;
    }

    /** Every operator this translator implements. */
    public static OpRegistry standard() {
        Map<String, OpMapper> m = new TreeMap<>();
        m.put("Add", new Binary(Binary.Kind.ADD));
        m.put("Sub", new Binary(Binary.Kind.SUB));
        m.put("Mul", new Binary(Binary.Kind.MUL));
        m.put("Div", new Binary(Binary.Kind.DIV));
        m.put("Equal", new Binary(Binary.Kind.EQUAL));
        m.put("Less", new Binary(Binary.Kind.LESS));
        m.put("Greater", new Binary(Binary.Kind.GREATER));
        m.put("LessOrEqual", new Binary(Binary.Kind.LESS_OR_EQUAL));
        m.put("GreaterOrEqual", new Binary(Binary.Kind.GREATER_OR_EQUAL));
        m.put("And", new Binary(Binary.Kind.AND));
        m.put("Or", new Binary(Binary.Kind.OR));
        m.put("Xor", new Binary(Binary.Kind.XOR));
        m.put("Pow", new Pow());
        m.put("Sqrt", new Unary((sd, x) -> sd.math().sqrt(x)));
        m.put("Erf", new Unary((sd, x) -> sd.math().erf(x)));
        m.put("Tanh", new Unary((sd, x) -> sd.math().tanh(x)));
        m.put("Relu", new Unary((sd, x) -> sd.nn().relu(x, 0)));
        m.put("Sigmoid", new Unary((sd, x) -> sd.nn().sigmoid(x)));
        m.put("Exp", new Unary((sd, x) -> sd.math().exp(x)));
        m.put("Log", new Unary((sd, x) -> sd.math().log(x)));
        m.put("Neg", new Unary((sd, x) -> sd.math().neg(x)));
        m.put("Abs", new Unary((sd, x) -> sd.math().abs(x)));
        m.put("Reciprocal", new Unary((sd, x) -> sd.math().reciprocal(x)));
        m.put("Floor", new Unary((sd, x) -> sd.math().floor(x)));
        m.put("Ceil", new Unary((sd, x) -> sd.math().ceil(x)));
        m.put("Not", new Unary((sd, x) -> new BooleanNot(sd, x).outputVariable()));
        m.put("Clip", new Clip());
        m.put("HardSigmoid", new HardSigmoid());
        m.put("MatMul", new MatMul());
        m.put("Gemm", new Gemm());
        m.put("Conv", new Conv());
        m.put("BatchNormalization", new BatchNormalization());
        m.put("MaxPool", new Pool(true));
        m.put("AveragePool", new Pool(false));
        m.put("GlobalAveragePool", new GlobalPool(false));
        m.put("GlobalMaxPool", new GlobalPool(true));
        m.put("Flatten", new Flatten());
        m.put("Reshape", new Reshape());
        m.put("Transpose", new Transpose());
        m.put("Concat", new Concat());
        m.put("Slice", new Slice());
        m.put("Split", new Split());
        m.put("Gather", new Gather());
        m.put("Unsqueeze", new Unsqueeze());
        m.put("Squeeze", new Squeeze());
        m.put("Shape", new Shape());
        m.put("Size", new Size());
        m.put("Cast", new Cast());
        m.put("Where", new Where());
        m.put("Expand", new Expand());
        m.put("ConstantOfShape", new ConstantOfShape());
        m.put("ReduceMean", new Reduce(Reduce.Kind.MEAN));
        m.put("ReduceSum", new Reduce(Reduce.Kind.SUM));
        m.put("ReduceMax", new Reduce(Reduce.Kind.MAX));
        m.put("ReduceMin", new Reduce(Reduce.Kind.MIN));
        m.put("ReduceProd", new Reduce(Reduce.Kind.PROD));
        m.put("Softmax", new Softmax(false));
        m.put("LogSoftmax", new Softmax(true));
        m.put("LayerNormalization", new LayerNormalization());
        m.put("Constant", new Constant());
        m.put("Identity", new Identity());
        m.put("Dropout", new Identity());
        m.put("Range", new Range());
        m.put("CumSum", new CumSum());
        m.put("Pad", new Pad());
        return new OpRegistry(m);
    }

    /** The mapping for an operator type, or null. */
    public OpMapper get(String opType) {
        return mappers.get(opType);
    }

    public boolean supports(String opType) {
        return mappers.containsKey(opType);
    }

    /** Supported operator types, sorted. */
    public List<String> opTypes() {
        return List.copyOf(mappers.keySet());
    }
}
