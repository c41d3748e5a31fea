package io.sentifuse.encoder.onnx;

import io.sentifuse.encoder.onnx.proto.OnnxModel;
import io.sentifuse.encoder.onnx.proto.OnnxTensors;
import java.util.ArrayList;
import java.util.List;
import onnx.Onnx;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Builds small ONNX models in tests. Dimensions given as -1 become symbolic ("dynamic"). */
public final class ModelBuilder {

    private final Onnx.GraphProto.Builder graph = Onnx.GraphProto.newBuilder().setName("test");
    private final int opset;
    private int counter;

    public ModelBuilder(int opset) {
        this.opset = opset;
    }

    public ModelBuilder input(String name, DataType type, long... shape) {
        graph.addInput(valueInfo(name, type, shape));
        return this;
    }

    public ModelBuilder output(String name, DataType type, long... shape) {
        graph.addOutput(valueInfo(name, type, shape));
        return this;
    }

    public ModelBuilder initializer(String name, INDArray value) {
        graph.addInitializer(OnnxTensors.toTensor(name, value));
        return this;
    }

    /** Adds a node; attributes as name/value pairs (Long, long[], Float, String, INDArray). */
    public ModelBuilder node(String op, List<String> inputs, List<String> outputs, Object... attributes) {
        return namedNode("", op, inputs, outputs, attributes);
    }

    public ModelBuilder namedNode(String name, String op, List<String> inputs, List<String> outputs, Object... attributes) {
        Onnx.NodeProto.Builder n = Onnx.NodeProto.newBuilder().setName(name).setOpType(op)
                .addAllInput(inputs).addAllOutput(outputs);
        for (int k = 0; k < attributes.length; k += 2) {
            n.addAttribute(attribute((String) attributes[k], attributes[k + 1]));
        }
        graph.addNode(n);
        counter++;
        return this;
    }

    /** A Constant node producing {@code name}. */
    public ModelBuilder constant(String name, INDArray value) {
        return node("Constant", List.of(), List.of(name), "value", value);
    }

    public Onnx.ModelProto proto() {
        return Onnx.ModelProto.newBuilder().setIrVersion(8).setProducerName("sentifuse-test")
                .addOpsetImport(Onnx.OperatorSetIdProto.newBuilder().setDomain("").setVersion(opset))
                .setGraph(graph).build();
    }

    public OnnxModel model() {
        return new OnnxModel(proto(), "test-model.onnx");
    }

    public int nodeCount() {
        return counter;
    }

    static Onnx.ValueInfoProto valueInfo(String name, DataType type, long... shape) {
        Onnx.TensorShapeProto.Builder s = Onnx.TensorShapeProto.newBuilder();
        for (long d : shape) {
            s.addDim(d < 0 ? Onnx.TensorShapeProto.Dimension.newBuilder().setDimParam("d" + s.getDimCount())
                    : Onnx.TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        return Onnx.ValueInfoProto.newBuilder().setName(name).setType(Onnx.TypeProto.newBuilder()
                .setTensorType(Onnx.TypeProto.Tensor.newBuilder().setElemType(OnnxTensors.onnxType(type).getNumber())
                        .setShape(s))).build();
    }

    private static Onnx.AttributeProto attribute(String name, Object v) {
        Onnx.AttributeProto.Builder a = Onnx.AttributeProto.newBuilder().setName(name);
        if (v instanceof Long l) {
            a.setType(Onnx.AttributeProto.AttributeType.INT).setI(l);
        } else if (v instanceof Integer i) {
            a.setType(Onnx.AttributeProto.AttributeType.INT).setI(i);
        } else if (v instanceof long[] ls) {
            a.setType(Onnx.AttributeProto.AttributeType.INTS);
            for (long l : ls) {
                a.addInts(l);
            }
        } else if (v instanceof Float f) {
            a.setType(Onnx.AttributeProto.AttributeType.FLOAT).setF(f);
        } else if (v instanceof String s) {
            a.setType(Onnx.AttributeProto.AttributeType.STRING).setS(org.nd4j.shade.protobuf.ByteString.copyFromUtf8(s));
        } else if (v instanceof INDArray t) {
            a.setType(Onnx.AttributeProto.AttributeType.TENSOR).setT(OnnxTensors.toTensor(name, t));
        } else {
            throw new IllegalArgumentException("attribute type " + v.getClass());
        }
        return a.build();
    }

    /** Fresh tensor names for builders that chain many nodes. */
    public String fresh(String base) {
        return base + "_" + counter;
    }

    static List<String> names(String... n) {
        return new ArrayList<>(List.of(n));
    }
}
