package io.sentifuse.encoder.onnxbuild;

import io.sentifuse.files.AtomicFiles;
import java.nio.file.Path;
import onnx.Onnx.ModelProto;

/** Writing ONNX model files atomically (reading and checking them: {@code encoder.onnx.OnnxModel#read}). */
public final class OnnxFiles {

    private OnnxFiles() {
    }

    /** Writes {@code model} to {@code file} atomically. */
    public static void write(Path file, ModelProto model) {
        AtomicFiles.writeBytes(file, model.toByteArray());
    }
}
