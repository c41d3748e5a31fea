package io.sentifuse.encoder.onnx.proto;

import io.sentifuse.errors.UserInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import onnx.Onnx;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.shade.protobuf.InvalidProtocolBufferException;

/**
 * A parsed ONNX model and what the translator needs from it: the default-domain opset, the real graph inputs
 * (initializers excluded) and outputs with their element types and (partly symbolic) shapes.
 *
 * @param proto  the model
 * @param source where it came from (file path or resource name), for messages
 */
public record OnnxModel(Onnx.ModelProto proto, String source) {

    /** The default ONNX operator domain ("" and "ai.onnx" are the same domain). */
    public static final String DEFAULT_DOMAIN = "";

    /** One graph input or output: name, element type, shape with -1 for dimensions that vary. */
    public record Port(String name, DataType dataType, String onnxType, long[] shape) {

        public int rank() {
            return shape == null ? -1 : shape.length;
        }
    }

    /** Reads and checks a model file; anything that is not an ONNX model is a {@link UserInputException} naming the file. */
    public static OnnxModel read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new UserInputException("ONNX model " + file + " does not exist");
        } catch (IOException e) {
            throw new UserInputException("cannot read ONNX model " + file + ": " + e.getMessage(), e);
        }
        return parse(bytes, file.toString());
    }

    /** Parses model bytes; {@code source} names them in errors. */
    public static OnnxModel parse(byte[] bytes, String source) {
        Onnx.ModelProto proto;
        try {
            proto = Onnx.ModelProto.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new UserInputException(source + " is not an ONNX model (protobuf parse error: " + e.getMessage() + ")", e);
        }
        if (!proto.hasGraph() || proto.getGraph().getNodeCount() == 0 && proto.getGraph().getOutputCount() == 0) {
            throw new UserInputException(source + " is not an ONNX model: it has no graph (expected a ModelProto with"
                    + " graph nodes and outputs; " + bytes.length + " bytes read)");
        }
        if (proto.getIrVersion() <= 0 || proto.getOpsetImportCount() == 0 && proto.getIrVersion() > 2) {
            throw new UserInputException(source + " is not a valid ONNX model: ir_version " + proto.getIrVersion()
                    + " and " + proto.getOpsetImportCount() + " opset imports (expected ir_version >= 1 and an opset import)");
        }
        return new OnnxModel(proto, source);
    }

    public Onnx.GraphProto graph() {
        return proto.getGraph();
    }

    /** Opset version of the default domain (1 when the model imports none, as IR version 2 files do). */
    public int opset() {
        return opset(DEFAULT_DOMAIN);
    }

    public int opset(String domain) {
        for (Onnx.OperatorSetIdProto o : proto.getOpsetImportList()) {
            if (normalise(o.getDomain()).equals(normalise(domain))) {
                return (int) o.getVersion();
            }
        }
        return normalise(domain).isEmpty() ? 1 : -1;
    }

    public static String normalise(String domain) {
        return "ai.onnx".equals(domain) ? "" : domain;
    }

    /** Graph inputs a caller feeds: declared inputs minus those that an initializer already provides. */
    public List<Port> inputs() {
        Set<String> init = initializerNames();
        List<Port> out = new ArrayList<>();
        for (Onnx.ValueInfoProto v : graph().getInputList()) {
            if (!init.contains(v.getName())) {
                out.add(port(v));
            }
        }
        return out;
    }

    public List<Port> outputs() {
        return graph().getOutputList().stream().map(OnnxModel::port).toList();
    }

    public Set<String> initializerNames() {
        Set<String> names = new HashSet<>();
        graph().getInitializerList().forEach(t -> names.add(t.getName()));
        return names;
    }

    /** Shapes that the model declares for intermediate values ({@code value_info}), by name. */
    public Map<String, long[]> declaredShapes() {
        Map<String, long[]> out = new LinkedHashMap<>();
        for (Onnx.ValueInfoProto v : graph().getValueInfoList()) {
            long[] s = shape(v);
            if (s != null) {
                out.put(v.getName(), s);
            }
        }
        for (Onnx.ValueInfoProto v : graph().getOutputList()) {
            long[] s = shape(v);
            if (s != null) {
                out.put(v.getName(), s);
            }
        }
        return out;
    }

    /** The node's label for messages: its name, or its index and outputs where the name is empty. */
    public static String label(Onnx.NodeProto node, int index) {
        return node.getName().isEmpty()
                ? "#" + index + " (outputs " + String.join(", ", node.getOutputList()) + ")"
                : "'" + node.getName() + "'";
    }

    static Port port(Onnx.ValueInfoProto v) {
        Onnx.TypeProto type = v.getType();
        if (!type.hasTensorType()) {
            return new Port(v.getName(), null, type.getValueCase().name().toLowerCase(), null);
        }
        int elem = type.getTensorType().getElemType();
        return new Port(v.getName(), OnnxTensors.dataType(elem), OnnxTensors.typeName(elem), shape(v));
    }

    static long[] shape(Onnx.ValueInfoProto v) {
        if (!v.getType().hasTensorType() || !v.getType().getTensorType().hasShape()) {
            return null;
        }
        List<Onnx.TensorShapeProto.Dimension> dims = v.getType().getTensorType().getShape().getDimList();
        long[] s = new long[dims.size()];
        for (int i = 0; i < s.length; i++) {
            Onnx.TensorShapeProto.Dimension d = dims.get(i);
            s[i] = d.hasDimValue() && d.getDimValue() >= 0 ? d.getDimValue() : -1;
        }
        return s;
    }
}
