package io.sentifuse.encoder.onnxbuild;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import onnx.Onnx.AttributeProto;
import onnx.Onnx.GraphProto;
import onnx.Onnx.ModelProto;
import onnx.Onnx.NodeProto;
import onnx.Onnx.OperatorSetIdProto;
import onnx.Onnx.TensorProto;
import onnx.Onnx.TensorShapeProto;
import onnx.Onnx.TypeProto;
import onnx.Onnx.ValueInfoProto;

/**
 * Builds one ONNX graph: inputs, outputs, initializers and nodes in topological order. Names must be unique
 * across initializers and node outputs; the builder refuses duplicates, which would silently alias tensors.
 */
public final class OnnxBuilder {

    /** The ONNX IR version that goes with opset 13 (ONNX 1.8). */
    public static final long IR_VERSION_OPSET_13 = 7;

    private final GraphProto.Builder graph;
    private final Set<String> values = new HashSet<>();

    public OnnxBuilder(String graphName) {
        graph = GraphProto.newBuilder().setName(graphName);
    }

    /**
     * A graph input; each dimension is a Long (fixed) or a String (symbolic, e.g. "batch").
     */
    public OnnxBuilder input(String name, int elemType, Object... dims) {
        define(name);
        graph.addInput(valueInfo(name, elemType, dims));
        return this;
    }

    /** A graph output: a FLOAT value produced by a node, with the given (partly symbolic) shape. */
    public OnnxBuilder output(String name, Object... dims) {
        if (!values.contains(name)) {
            throw new IllegalStateException("output '" + name + "' is not produced by any node or input");
        }
        graph.addOutput(valueInfo(name, TensorProto.DataType.FLOAT_VALUE, dims));
        return this;
    }

    public String initializer(TensorProto tensor) {
        define(tensor.getName());
        graph.addInitializer(tensor);
        return tensor.getName();
    }

    public String floats(String name, float[] data, long... dims) {
        return initializer(Tensors.floats(name, data, dims));
    }

    public String longs(String name, long[] data, long... dims) {
        return initializer(Tensors.longs(name, data, dims));
    }

    /** Adds a node; returns its first output. Empty input names stand for omitted optional inputs. */
    public String node(String opType, String name, List<String> inputs, List<String> outputs,
            AttributeProto... attributes) {
        for (String in : inputs) {
            if (!in.isEmpty() && !values.contains(in)) {
                throw new IllegalStateException("node '" + name + "' (" + opType + ") reads '" + in
                        + "' before it is defined");
            }
        }
        for (String out : outputs) {
            define(out);
        }
        graph.addNode(NodeProto.newBuilder().setOpType(opType).setName(name).addAllInput(inputs)
                .addAllOutput(outputs).addAllAttribute(List.of(attributes)).build());
        return outputs.get(0);
    }

    /** Single-output shorthand. */
    public String node(String opType, String name, List<String> inputs, String output, AttributeProto... attributes) {
        return node(opType, name, inputs, List.of(output), attributes);
    }

    /** The model, with the default-domain opset and producer recorded. */
    public ModelProto build(long opset, String producer, String producerVersion) {
        return ModelProto.newBuilder().setIrVersion(IR_VERSION_OPSET_13)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(opset))
                .setProducerName(producer).setProducerVersion(producerVersion).setGraph(graph).build();
    }

    public static ValueInfoProto valueInfo(String name, int elemType, Object... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (Object d : dims) {
            if (d instanceof String s) {
                shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimParam(s));
            } else if (d instanceof Number n) {
                shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(n.longValue()));
            } else {
                throw new IllegalArgumentException("dimension of '" + name + "' must be a number or a name: " + d);
            }
        }
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
                TypeProto.Tensor.newBuilder().setElemType(elemType).setShape(shape))).build();
    }

    /** A value of known element type and unknown shape (ONNX Runtime infers it). */
    public static ValueInfoProto valueInfoNoShape(String name, int elemType) {
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
                TypeProto.Tensor.newBuilder().setElemType(elemType))).build();
    }

    private void define(String name) {
        if (!values.add(name)) {
            throw new IllegalStateException("value '" + name + "' is defined twice");
        }
    }
}
