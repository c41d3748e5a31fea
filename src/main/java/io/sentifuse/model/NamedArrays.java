package io.sentifuse.model;

import io.sentifuse.errors.UserInputException;
import io.sentifuse.files.AtomicFiles;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A file of named arrays (parameters, optimiser moments, statistics), bit-exact: a magic line, the count,
 * then for each array its name and ND4J's binary form. Written through a synced temporary file and a rename,
 * so a reader sees the old file or the new one, never a torn one.
 */
public final class NamedArrays {

    private static final String MAGIC = "sentifuse-arrays-v1";

    private NamedArrays() {
    }

    public static void write(Path file, Map<String, INDArray> arrays) {
        Path target = file.toAbsolutePath();
        Path tmp = AtomicFiles.tempSibling(target);
        try {
            Files.createDirectories(target.getParent());
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
                 OutputStream raw = java.nio.channels.Channels.newOutputStream(channel);
                 DataOutputStream out = new DataOutputStream(new BufferedOutputStream(raw, 1 << 16))) {
                out.writeUTF(MAGIC);
                out.writeInt(arrays.size());
                for (Map.Entry<String, INDArray> e : arrays.entrySet()) {
                    out.writeUTF(e.getKey());
                    Nd4j.write(e.getValue(), out);
                }
                out.flush();
                channel.force(true);
            }
            AtomicFiles.moveIntoPlace(tmp, target);
        } catch (IOException e) {
            AtomicFiles.deleteQuietly(tmp);
            throw new UncheckedIOException("cannot write arrays to " + file, e);
        }
    }

    public static Map<String, INDArray> read(Path file) {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            String magic = in.readUTF();
            if (!MAGIC.equals(magic)) {
                throw new UserInputException(file + " is not a sentifuse arrays file (expected header " + MAGIC
                        + ")");
            }
            int n = in.readInt();
            Map<String, INDArray> out = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
                String name = in.readUTF();
                out.put(name, Nd4j.read(in));
            }
            return out;
        } catch (IOException e) {
            throw new UserInputException("cannot read arrays from " + file + ": " + e.getMessage(), e);
        }
    }
}
