package io.sentifuse.encoder.tfjs;

import io.sentifuse.encoder.onnxbuild.Attrs;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Add, Subtract, Multiply, Average, Maximum, Minimum (same-shape inputs) and Concatenate. */
final class MergeLayers {

    private MergeLayers() {
    }

    static final LayerConverter ADD = (ctx, layer, inputs) -> chain(ctx, layer, inputs, "Add");
    static final LayerConverter MULTIPLY = (ctx, layer, inputs) -> chain(ctx, layer, inputs, "Mul");
    static final LayerConverter MAXIMUM = (ctx, layer, inputs) -> chain(ctx, layer, inputs, "Max");
    static final LayerConverter MINIMUM = (ctx, layer, inputs) -> chain(ctx, layer, inputs, "Min");

    static final LayerConverter SUBTRACT = (ctx, layer, inputs) -> {
        List<Value> in = same(ctx, layer, inputs);
        if (in.size() != 2) {
            throw ctx.error(layer, "expected two inputs, got " + in.size());
        }
        ctx.node("Sub", layer, "Sub", List.of(in.get(0).name(), in.get(1).name()), layer.name());
        return new Value(layer.name(), in.get(0).shape());
    };

    static final LayerConverter AVERAGE = (ctx, layer, inputs) -> {
        List<Value> in = same(ctx, layer, inputs);
        Value sum = chainTo(ctx, layer, in, "Add", layer.name() + "/Sum");
        ctx.node("Mul", layer, "Mul", List.of(sum.name(), ctx.scalar(1f / in.size())), layer.name());
        return new Value(layer.name(), sum.shape());
    };

    static final LayerConverter CONCATENATE = (ctx, layer, inputs) -> {
        List<Value> in = new ArrayList<>();
        for (Value v : inputs) {
            in.add(ctx.materialize(v));
        }
        int axis = layer.config().path("axis").asInt(-1);
        Value first = in.get(0);
        int kerasAxis = axis < 0 ? axis + first.shape().length + 1 : axis;
        int[] shape = first.shape().clone();
        shape[kerasAxis - 1] = 0;
        for (Value v : in) {
            if (v.shape().length != first.shape().length) {
                throw ctx.error(layer, "inputs of different rank cannot be concatenated");
            }
            shape[kerasAxis - 1] += v.shape()[kerasAxis - 1];
        }
        ctx.node("Concat", layer, "Concat", in.stream().map(Value::name).toList(), layer.name(),
                Attrs.i("axis", first.onnxAxis(axis)));
        return new Value(layer.name(), shape);
    };

    private static Value chain(ConversionContext ctx, KerasLayer layer, List<Value> inputs, String op) {
        return chainTo(ctx, layer, same(ctx, layer, inputs), op, layer.name());
    }

    private static Value chainTo(ConversionContext ctx, KerasLayer layer, List<Value> in, String op, String out) {
        String acc = in.get(0).name();
        for (int i = 1; i < in.size(); i++) {
            String name = i == in.size() - 1 ? out : layer.name() + "/" + op + "_" + i;
            acc = ctx.node(op, layer, i == 1 ? op : op + "_" + i, List.of(acc, in.get(i).name()), name);
        }
        return new Value(acc, in.get(0).shape());
    }

    private static List<Value> same(ConversionContext ctx, KerasLayer layer, List<Value> inputs) {
        List<Value> in = new ArrayList<>();
        for (Value v : inputs) {
            Value m = ctx.materialize(v);
            if (!Arrays.equals(m.shape(), inputs.get(0).shape())) {
                throw ctx.error(layer, "inputs of different shapes " + Arrays.toString(inputs.get(0).shape()) + " and "
                        + Arrays.toString(m.shape()) + " are not supported (no broadcasting)");
            }
            in.add(m);
        }
        if (in.size() < 2) {
            throw ctx.error(layer, "expected at least two inputs, got " + in.size());
        }
        return in;
    }
}
