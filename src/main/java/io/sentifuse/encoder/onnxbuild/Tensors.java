package io.sentifuse.encoder.onnxbuild;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import onnx.Onnx.TensorProto;
import org.nd4j.shade.protobuf.ByteString;

/** ONNX initializer tensors from and to Java arrays (little-endian {@code raw_data}, as exporters write them). */
public final class Tensors {

    private Tensors() {
    }

    public static TensorProto floats(String name, float[] data, long... dims) {
        check(name, data.length, dims);
        ByteBuffer buf = ByteBuffer.allocate(data.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buf.asFloatBuffer().put(data);
        return TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT_VALUE)
                .addAllDims(Arrays.stream(dims).boxed().toList()).setRawData(ByteString.copyFrom(buf.array())).build();
    }

    public static TensorProto longs(String name, long[] data, long... dims) {
        check(name, data.length, dims);
        ByteBuffer buf = ByteBuffer.allocate(data.length * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buf.asLongBuffer().put(data);
        return TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.INT64_VALUE)
                .addAllDims(Arrays.stream(dims).boxed().toList()).setRawData(ByteString.copyFrom(buf.array())).build();
    }

    /** The values of a FLOAT tensor, from {@code raw_data} or {@code float_data}. */
    public static float[] toFloats(TensorProto t) {
        if (t.getDataType() != TensorProto.DataType.FLOAT_VALUE) {
            throw new IllegalArgumentException("tensor '" + t.getName() + "' is not FLOAT (data type "
                    + t.getDataType() + ")");
        }
        if (!t.getRawData().isEmpty()) {
            float[] out = new float[t.getRawData().size() / Float.BYTES];
            t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
            return out;
        }
        float[] out = new float[t.getFloatDataCount()];
        for (int i = 0; i < out.length; i++) {
            out[i] = t.getFloatData(i);
        }
        return out;
    }

    /** The values of an INT64 tensor, from {@code raw_data} or {@code int64_data}. */
    public static long[] toLongs(TensorProto t) {
        if (t.getDataType() != TensorProto.DataType.INT64_VALUE) {
            throw new IllegalArgumentException("tensor '" + t.getName() + "' is not INT64 (data type "
                    + t.getDataType() + ")");
        }
        if (!t.getRawData().isEmpty()) {
            long[] out = new long[t.getRawData().size() / Long.BYTES];
            t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(out);
            return out;
        }
        return t.getInt64DataList().stream().mapToLong(Long::longValue).toArray();
    }

    private static void check(String name, int length, long... dims) {
        long n = 1;
        for (long d : dims) {
            n *= d;
        }
        if (n != length) {
            throw new IllegalArgumentException("tensor '" + name + "': " + length + " values for shape "
                    + Arrays.toString(dims));
        }
    }
}
