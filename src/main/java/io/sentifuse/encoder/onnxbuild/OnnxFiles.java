package io.sentifuse.encoder.onnxbuild;

import io.sentifuse.errors.UserInputException;
import io.sentifuse.repro.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import onnx.Onnx.ModelProto;
import org.nd4j.shade.protobuf.InvalidProtocolBufferException;

/** Reading and writing ONNX model files. */
public final class OnnxFiles {

    private OnnxFiles() {
    }

    /** Parses {@code file}; a missing, unreadable or non-ONNX file is bad user input. */
    public static ModelProto read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UserInputException("cannot read ONNX model " + file + ": " + e, e);
        }
        try {
            ModelProto model = ModelProto.parseFrom(bytes);
            if (!model.hasGraph() || model.getGraph().getNodeCount() == 0) {
                throw new UserInputException(file + ": not an ONNX model (no graph with nodes)");
            }
            return model;
        } catch (InvalidProtocolBufferException e) {
            throw new UserInputException(file + ": not an ONNX model (protobuf parse error: " + e.getMessage() + ")", e);
        }
    }

    /** Writes {@code model} to {@code file} atomically. */
    public static void write(Path file, ModelProto model) {
        AtomicFiles.writeBytes(file, model.toByteArray());
    }
}
