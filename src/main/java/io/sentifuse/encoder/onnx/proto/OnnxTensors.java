package io.sentifuse.encoder.onnx.proto;

import io.sentifuse.errors.UserInputException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import onnx.Onnx;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.shade.protobuf.ByteString;

/** ONNX tensors and element types to and from ND4J arrays and data types. */
public final class OnnxTensors {

    private OnnxTensors() {
    }

    /** The ND4J type of an ONNX element type, or null where ND4J has none (strings, complex numbers). */
    public static DataType dataType(int onnxType) {
        return switch (Onnx.TensorProto.DataType.forNumber(onnxType) == null ? Onnx.TensorProto.DataType.UNDEFINED
                : Onnx.TensorProto.DataType.forNumber(onnxType)) {
            case FLOAT -> DataType.FLOAT;
            case DOUBLE -> DataType.DOUBLE;
            case FLOAT16 -> DataType.HALF;
            case BFLOAT16 -> DataType.BFLOAT16;
            case INT8 -> DataType.BYTE;
            case INT16 -> DataType.SHORT;
            case INT32 -> DataType.INT;
            case INT64 -> DataType.LONG;
            case UINT8 -> DataType.UBYTE;
            case UINT16 -> DataType.UINT16;
            case UINT32 -> DataType.UINT32;
            case UINT64 -> DataType.UINT64;
            case BOOL -> DataType.BOOL;
            default -> null;
        };
    }

    /** The ONNX element type of an ND4J type. */
    public static Onnx.TensorProto.DataType onnxType(DataType type) {
        return switch (type) {
            case FLOAT -> Onnx.TensorProto.DataType.FLOAT;
            case DOUBLE -> Onnx.TensorProto.DataType.DOUBLE;
            case HALF -> Onnx.TensorProto.DataType.FLOAT16;
            case BFLOAT16 -> Onnx.TensorProto.DataType.BFLOAT16;
            case BYTE -> Onnx.TensorProto.DataType.INT8;
            case SHORT -> Onnx.TensorProto.DataType.INT16;
            case INT -> Onnx.TensorProto.DataType.INT32;
            case LONG -> Onnx.TensorProto.DataType.INT64;
            case UBYTE -> Onnx.TensorProto.DataType.UINT8;
            case UINT16 -> Onnx.TensorProto.DataType.UINT16;
            case UINT32 -> Onnx.TensorProto.DataType.UINT32;
            case UINT64 -> Onnx.TensorProto.DataType.UINT64;
            case BOOL -> Onnx.TensorProto.DataType.BOOL;
            default -> throw new IllegalArgumentException("no ONNX element type for " + type);
        };
    }

    /** Name of an ONNX element type for messages ("FLOAT", "STRING", ...). */
    public static String typeName(int onnxType) {
        Onnx.TensorProto.DataType t = Onnx.TensorProto.DataType.forNumber(onnxType);
        return t == null ? "type " + onnxType : t.name();
    }

    /** Decodes a tensor (typed fields or raw little-endian bytes). {@code where} names it in errors. */
    public static INDArray toArray(Onnx.TensorProto t, String where) {
        DataType type = dataType(t.getDataType());
        if (type == null) {
            throw new UserInputException(where + ": tensor '" + t.getName() + "' has element type "
                    + typeName(t.getDataType()) + ", which this translator does not support (numeric and BOOL only)");
        }
        if (t.getDataLocation() == Onnx.TensorProto.DataLocation.EXTERNAL || t.getExternalDataCount() > 0) {
            throw new UserInputException(where + ": tensor '" + t.getName() + "' keeps its data in an external file;"
                    + " save the model with all tensors inside the .onnx file");
        }
        long[] shape = t.getDimsList().stream().mapToLong(Long::longValue).toArray();
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        if (n > Integer.MAX_VALUE) {
            throw new UserInputException(where + ": tensor '" + t.getName() + "' has " + n + " elements; too large");
        }
        if (n == 0) {
            return Nd4j.create(type, shape);
        }
        boolean raw = !t.getRawData().isEmpty();
        ByteBuffer bytes = raw ? t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN) : null;
        int count = (int) n;
        INDArray flat = switch (type) {
            case FLOAT -> Nd4j.createFromArray(raw ? floats(bytes, count) : toFloatArray(t));
            case DOUBLE -> Nd4j.createFromArray(raw ? doubles(bytes, count)
                    : t.getDoubleDataList().stream().mapToDouble(Double::doubleValue).toArray());
            case LONG -> Nd4j.createFromArray(raw ? longs(bytes, count)
                    : t.getInt64DataList().stream().mapToLong(Long::longValue).toArray());
            case UINT32, UINT64 -> Nd4j.createFromArray(raw ? unsignedLongs(bytes, count, type == DataType.UINT32 ? 4 : 8)
                    : t.getUint64DataList().stream().mapToLong(Long::longValue).toArray()).castTo(type);
            case HALF, BFLOAT16 -> Nd4j.createFromArray(halves(raw ? shorts(bytes, count) : int32(t), type))
                    .castTo(type);
            case BOOL -> Nd4j.createFromArray(booleans(raw ? bytes(bytes, count) : int32(t)));
            default -> Nd4j.createFromArray(raw ? smallInts(bytes, count, type) : int32(t)).castTo(type);
        };
        if (flat.length() != count) {
            throw new UserInputException(where + ": tensor '" + t.getName() + "' declares shape " + Arrays.toString(shape)
                    + " (" + count + " elements) but holds " + flat.length());
        }
        return flat.reshape('c', shape);
    }

    /** Encodes an array as a tensor with raw little-endian data (used by tests and model writers). */
    public static Onnx.TensorProto toTensor(String name, INDArray array) {
        Onnx.TensorProto.Builder b = Onnx.TensorProto.newBuilder().setName(name)
                .setDataType(onnxType(array.dataType()).getNumber());
        for (long d : array.shape()) {
            b.addDims(d);
        }
        INDArray c = array.dup('c');
        int n = (int) c.length();
        ByteBuffer buf = ByteBuffer.allocate(Math.max(0, n) * Math.max(1, c.dataType().width())).order(ByteOrder.LITTLE_ENDIAN);
        if (n > 0) {
            switch (c.dataType()) {
                case FLOAT -> { for (float v : c.data().asFloat()) buf.putFloat(v); }
                case DOUBLE -> { for (double v : c.data().asDouble()) buf.putDouble(v); }
                case LONG -> { for (long v : c.data().asLong()) buf.putLong(v); }
                case INT -> { for (int v : c.data().asInt()) buf.putInt(v); }
                case BOOL, BYTE, UBYTE -> { for (long v : c.castTo(DataType.LONG).data().asLong()) buf.put((byte) v); }
                case SHORT, UINT16 -> { for (long v : c.castTo(DataType.LONG).data().asLong()) buf.putShort((short) v); }
                default -> throw new IllegalArgumentException("cannot encode " + c.dataType());
            }
        }
        buf.flip();
        return b.setRawData(ByteString.copyFrom(buf)).build();
    }

    private static float[] toFloatArray(Onnx.TensorProto t) {
        float[] out = new float[t.getFloatDataCount()];
        for (int i = 0; i < out.length; i++) {
            out[i] = t.getFloatData(i);
        }
        return out;
    }

    private static int[] int32(Onnx.TensorProto t) {
        return t.getInt32DataList().stream().mapToInt(Integer::intValue).toArray();
    }

    private static float[] floats(ByteBuffer b, int n) {
        float[] out = new float[Math.min(n, b.remaining() / 4)];
        b.asFloatBuffer().get(out);
        return out;
    }

    private static double[] doubles(ByteBuffer b, int n) {
        double[] out = new double[Math.min(n, b.remaining() / 8)];
        b.asDoubleBuffer().get(out);
        return out;
    }

    private static long[] longs(ByteBuffer b, int n) {
        long[] out = new long[Math.min(n, b.remaining() / 8)];
        b.asLongBuffer().get(out);
        return out;
    }

    private static long[] unsignedLongs(ByteBuffer b, int n, int width) {
        long[] out = new long[Math.min(n, b.remaining() / width)];
        for (int i = 0; i < out.length; i++) {
            out[i] = width == 4 ? Integer.toUnsignedLong(b.getInt()) : b.getLong();
        }
        return out;
    }

    private static int[] shorts(ByteBuffer b, int n) {
        int[] out = new int[Math.min(n, b.remaining() / 2)];
        for (int i = 0; i < out.length; i++) {
            out[i] = b.getShort() & 0xffff;
        }
        return out;
    }

    private static int[] bytes(ByteBuffer b, int n) {
        int[] out = new int[Math.min(n, b.remaining())];
        for (int i = 0; i < out.length; i++) {
            out[i] = b.get();
        }
        return out;
    }

    private static int[] smallInts(ByteBuffer b, int n, DataType type) {
        int width = type.width();
        int[] out = new int[Math.min(n, b.remaining() / width)];
        for (int i = 0; i < out.length; i++) {
            out[i] = switch (type) {
                case BYTE -> b.get();
                case UBYTE -> b.get() & 0xff;
                case SHORT -> b.getShort();
                case UINT16 -> b.getShort() & 0xffff;
                case INT -> b.getInt();
                default -> throw new IllegalArgumentException("not a small integer type: " + type);
            };
        }
        return out;
    }

    private static boolean[] booleans(int[] values) {
        boolean[] out = new boolean[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i] != 0;
        }
        return out;
    }

    /** 16-bit float patterns (IEEE half or bfloat16) widened exactly to float. */
    private static float[] halves(int[] bits, DataType type) {
        float[] out = new float[bits.length];
        for (int i = 0; i < bits.length; i++) {
            out[i] = type == DataType.BFLOAT16 ? Float.intBitsToFloat(bits[i] << 16) : halfToFloat(bits[i]);
        }
        return out;
    }

    /** IEEE 754 binary16 bits (low 16 bits of {@code h}) to float; Float.float16ToFloat arrives only in Java 20. */
    public static float halfToFloat(int h) {
        int sign = (h & 0x8000) << 16;
        int exp = (h >>> 10) & 0x1f;
        int mant = h & 0x3ff;
        if (exp == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
        }
        if (exp == 0) {
            float v = mant * 0x1p-24f;
            return sign == 0 ? v : -v;
        }
        return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
    }
}
