package io.sentifuse.encoder.onnx.proto;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import onnx.Onnx;

/** Typed access to a node's attributes with ONNX defaults supplied by the caller. */
public final class Attributes {

    private final Map<String, Onnx.AttributeProto> byName = new HashMap<>();

    /** The attributes of {@code node}. */
    public static Attributes of(Onnx.NodeProto node) {
        return new Attributes(node.getAttributeList());
    }

    public Attributes(List<Onnx.AttributeProto> attributes) {
        for (Onnx.AttributeProto a : attributes) {
            byName.put(a.getName(), a);
        }
    }

    public boolean has(String name) {
        return byName.containsKey(name);
    }

    public long i(String name, long def) {
        Onnx.AttributeProto a = byName.get(name);
        return a == null ? def : a.getI();
    }

    public float f(String name, float def) {
        Onnx.AttributeProto a = byName.get(name);
        return a == null ? def : a.getF();
    }

    public String s(String name, String def) {
        Onnx.AttributeProto a = byName.get(name);
        return a == null ? def : a.getS().toStringUtf8();
    }

    /** An INTS attribute, or null when absent. */
    public long[] ints(String name) {
        Onnx.AttributeProto a = byName.get(name);
        return a == null ? null : a.getIntsList().stream().mapToLong(Long::longValue).toArray();
    }

    public float[] floats(String name) {
        Onnx.AttributeProto a = byName.get(name);
        if (a == null) {
            return null;
        }
        float[] out = new float[a.getFloatsCount()];
        for (int k = 0; k < out.length; k++) {
            out[k] = a.getFloats(k);
        }
        return out;
    }

    public Onnx.TensorProto tensor(String name) {
        Onnx.AttributeProto a = byName.get(name);
        return a == null ? null : a.getT();
    }

    public java.util.Set<String> names() {
        return byName.keySet();
    }
}
