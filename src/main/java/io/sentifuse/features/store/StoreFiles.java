package io.sentifuse.features.store;

import io.sentifuse.files.AtomicFiles;
import io.sentifuse.files.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The on-disk layout of a store folder: manifest, shard files, atomic writes, memory-mapped reads. */
final class StoreFiles {

    /** Bump when the layout or the meaning of stored values changes: old stores are then never read. */
    static final int FORMAT_VERSION = 1;
    static final int SHARD_ROWS = 256;
    static final String MANIFEST = "manifest.json";

    private StoreFiles() {
    }

    static Path shard(Path dir, int index) {
        return dir.resolve(String.format("shard-%05d.f32", index));
    }

    static StoreManifest readManifest(Path dir) {
        Path file = dir.resolve(MANIFEST);
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            return Json.mapper().readValue(file.toFile(), StoreManifest.class);
        } catch (IOException e) {
            // a manifest is only ever replaced atomically, so an unreadable one is foreign damage: start over
            return null;
        }
    }

    static void writeManifest(Path dir, StoreManifest manifest) {
        Json.write(dir.resolve(MANIFEST), manifest);
    }

    /**
     * Writes float sections back to back as little-endian float32, through a temporary file and a rename.
     *
     * @return the file's size and CRC-32C
     */
    static long[] writeShard(Path file, float[]... sections) {
        Path tmp = AtomicFiles.tempSibling(file);
        CRC32C crc = new CRC32C();
        long bytes = 0;
        try (OutputStream out = Files.newOutputStream(tmp)) {
            ByteBuffer buffer = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
            for (float[] section : sections) {
                for (float v : section) {
                    if (!buffer.hasRemaining()) {
                        bytes += flush(buffer, out, crc);
                    }
                    buffer.putFloat(v);
                }
            }
            bytes += flush(buffer, out, crc);
        } catch (IOException e) {
            AtomicFiles.deleteQuietly(tmp);
            throw new UncheckedIOException("cannot write feature shard " + tmp, e);
        }
        try {
            AtomicFiles.moveIntoPlace(tmp, file);
        } catch (IOException e) {
            AtomicFiles.deleteQuietly(tmp);
            throw new UncheckedIOException("cannot move " + tmp + " into place", e);
        }
        return new long[] {bytes, crc.getValue()};
    }

    private static long flush(ByteBuffer buffer, OutputStream out, CRC32C crc) throws IOException {
        buffer.flip();
        int n = buffer.remaining();
        crc.update(buffer.array(), 0, n);
        out.write(buffer.array(), 0, n);
        buffer.clear();
        return n;
    }

    /** The shard as floats, memory-mapped read-only; null when the file is missing or its size is wrong. */
    static FloatBuffer map(Path file, long expectedBytes) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            if (channel.size() != expectedBytes) {
                return null;
            }
            return channel.map(FileChannel.MapMode.READ_ONLY, 0, expectedBytes).order(ByteOrder.LITTLE_ENDIAN)
                    .asFloatBuffer();
        } catch (java.nio.file.NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot map feature shard " + file, e);
        }
    }

    /**
     * The elements of {@code a} as floats in c order (views and other types included), read through a native copy
     * that is freed at once: fills call this per batch, and copies left to the collector piled up off-heap.
     */
    static float[] values(INDArray a) {
        INDArray copy = a.castTo(DataType.FLOAT).dup('c');
        try {
            return copy.data().asFloat();
        } finally {
            copy.close();
        }
    }

    /** The arrays back to back. */
    static float[] concat(float[][] parts) {
        int size = 0;
        for (float[] p : parts) {
            size += p.length;
        }
        float[] out = new float[size];
        int off = 0;
        for (float[] p : parts) {
            System.arraycopy(p, 0, out, off, p.length);
            off += p.length;
        }
        return out;
    }
}
