package io.sentifuse.encoder.image;

import io.sentifuse.errors.UserInputException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import onnx.Onnx.GraphProto;
import onnx.Onnx.ModelProto;
import onnx.Onnx.TensorProto;
import onnx.Onnx.TensorShapeProto;
import onnx.Onnx.ValueInfoProto;

/**
 * Checks that an ONNX model is an image model: exactly one runtime input, float, {@code [N, 3, H, W]}. A text
 * model (integer {@code input_ids}-style inputs) handed over as {@code --kind image} is refused with a message
 * that says so.
 */
public final class ImageModelCheck {

    /** The image input: its name and its fixed square size, or 0 where H and W are symbolic. */
    public record ImageInput(String name, int size) {
    }

    private ImageModelCheck() {
    }

    public static ImageInput requireImageInput(ModelProto model, String source) {
        GraphProto g = model.getGraph();
        Set<String> weights = new HashSet<>();
        g.getInitializerList().forEach(t -> weights.add(t.getName()));
        List<ValueInfoProto> inputs = g.getInputList().stream().filter(i -> !weights.contains(i.getName())).toList();
        List<String> described = inputs.stream().map(ImageModelCheck::describe).toList();
        boolean integer = inputs.stream().anyMatch(i -> isInteger(i.getType().getTensorType().getElemType()));
        if (integer || inputs.stream().anyMatch(i -> i.getName().contains("input_ids"))) {
            throw new UserInputException(source + " looks like a text model (inputs " + described + "), not an image "
                    + "model: an image model takes one float input [batch, 3, height, width]; import it with --kind text");
        }
        if (inputs.size() != 1) {
            throw new UserInputException(source + ": expected one image input float [batch, 3, height, width], found "
                    + inputs.size() + " inputs " + described);
        }
        ValueInfoProto in = inputs.get(0);
        TensorShapeProto shape = in.getType().getTensorType().getShape();
        if (in.getType().getTensorType().getElemType() != TensorProto.DataType.FLOAT_VALUE || shape.getDimCount() != 4
                || (shape.getDim(1).hasDimValue() && shape.getDim(1).getDimValue() != 3)) {
            throw new UserInputException(source + ": input " + describe(in) + " is not an image input; expected "
                    + "float [batch, 3, height, width] (NCHW, RGB)");
        }
        long h = shape.getDim(2).hasDimValue() ? shape.getDim(2).getDimValue() : 0;
        long w = shape.getDim(3).hasDimValue() ? shape.getDim(3).getDimValue() : 0;
        if (h != w) {
            throw new UserInputException(source + ": input " + describe(in) + " is not square; the image encoder "
                    + "feeds square inputs (height = width)");
        }
        return new ImageInput(in.getName(), (int) h);
    }

    private static boolean isInteger(int elemType) {
        return elemType == TensorProto.DataType.INT64_VALUE || elemType == TensorProto.DataType.INT32_VALUE;
    }

    /** e.g. {@code 'input_ids' int64 [batch, sequence]}. */
    static String describe(ValueInfoProto v) {
        var t = v.getType().getTensorType();
        String type = TensorProto.DataType.forNumber(t.getElemType()) == null ? "type " + t.getElemType()
                : TensorProto.DataType.forNumber(t.getElemType()).name().toLowerCase();
        List<String> dims = t.getShape().getDimList().stream()
                .map(d -> d.hasDimValue() ? Long.toString(d.getDimValue()) : d.getDimParam().isEmpty() ? "?" : d.getDimParam())
                .toList();
        return "'" + v.getName() + "' " + type + " " + dims;
    }
}
