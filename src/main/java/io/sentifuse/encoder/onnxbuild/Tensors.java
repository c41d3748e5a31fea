package io.sentifuse.encoder.onnxbuild;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import onnx.Onnx.TensorProto;
import org.nd4j.shade.protobuf.ByteString;

/**
 * ONNX initializer tensors from Java arrays (little-endian {@code raw_data}, as exporters write them). Reading
 * tensors back, in every encoding ONNX allows: {@code encoder.onnx.OnnxTensors}.
 */
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
