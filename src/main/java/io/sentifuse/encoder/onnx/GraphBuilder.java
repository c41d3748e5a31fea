package io.sentifuse.encoder.onnx;

import io.sentifuse.encoder.onnx.ops.NodeContext;
import io.sentifuse.encoder.onnx.ops.OpMapper;
import io.sentifuse.encoder.onnx.ops.Shapes;
import io.sentifuse.encoder.onnx.ops.Value;
import io.sentifuse.encoder.onnx.proto.OnnxModel;
import io.sentifuse.encoder.onnx.proto.OnnxTensors;
import io.sentifuse.errors.UserInputException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import onnx.Onnx;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The state of one translation: ONNX values by name, the SameDiff names already used, the trainable weights
 * made so far. It materialises folded constants and weights on demand, binds node outputs (renaming their
 * variables after the ONNX tensors) and evaluates nodes whose inputs are all known in a scratch graph.
 */
final class GraphBuilder implements NodeContext.Graph {
    private final SameDiff sd;
    private final OnnxModel model;
    private final TranslationOptions options;
    private final Map<String, Value> values = new HashMap<>();
    private final Map<String, long[]> declared;
    private final Set<String> boundVariables = new HashSet<>();
    /** {@link #shared}: shape arithmetic made once per translation, by a key naming what it reads. */
    private final Map<String, SDVariable> shared = new HashMap<>();
    private final Map<String, String> weights = new LinkedHashMap<>();
    private final int opset;

    private final OpRegistry registry;

    /** Trainable SameDiff variable per ONNX initializer name, in creation order. */
    Map<String, String> weights() {
        return weights;
    }

    GraphBuilder(SameDiff sd, OnnxModel model, TranslationOptions options, OpRegistry registry) {
        this.registry = registry;
        this.sd = sd;
        this.model = model;
        this.options = options;
        this.declared = model.declaredShapes();
        this.opset = model.opset();
    }

    @Override
    public SameDiff sd() {
        return sd;
    }

    @Override
    public SDVariable shared(String key, Supplier<SDVariable> make) {
        // get, then put: make may share other keys itself, which computeIfAbsent on a HashMap refuses
        SDVariable known = shared.get(key);
        if (known == null) {
            known = make.get();
            shared.put(key, known);
        }
        return known;
    }

    @Override
    public String freshName(String base) {
        String name = options.prefix() + base;
        if (!sd.hasVariable(name)) {
            return name;
        }
        for (int k = 1; ; k++) {
            if (!sd.hasVariable(name + "_" + k)) {
                return name + "_" + k;
            }
        }
    }

    @Override
    public SDVariable materialise(Value v) {
        if (v.variable() != null) {
            return v.variable();
        }
        if (v.producer() != null) {
            SDVariable var = v.producer().get();
            if (v.nameHint() != null && !boundVariables.contains(var.name())) {
                String target = freshName(OnnxTranslator.sdName(v.nameHint()));
                sd.renameVariable(var.name(), target);
            }
            v.bind(var);
            boundVariables.add(var.name());
            return var;
        }
        String name = freshName(v.nameHint() == null ? "const" : OnnxTranslator.sdName(v.nameHint()));
        SDVariable var;
        if (v.isTrainable()) {
            var = sd.var(name, v.contents().dup());
            weights.put(v.nameHint(), name);
        } else {
            var = sd.constant(name, v.contents().dup());
        }
        v.bind(var);
        boundVariables.add(var.name());
        return var;
    }

    Map<String, SDVariable> bindInputs(Map<String, SDVariable> supplied) {
        Map<String, SDVariable> out = new LinkedHashMap<>();
        for (OnnxModel.Port p : model.inputs()) {
            SDVariable v = supplied.get(p.name());
            if (v == null) {
                String name = freshName(OnnxTranslator.sdName(p.name()));
                v = p.shape() == null ? sd.placeHolder(name, p.dataType()) : sd.placeHolder(name, p.dataType(), p.shape());
            } else if (v.dataType() != p.dataType()) {
                throw new IllegalArgumentException("variable '" + v.name() + "' for input '" + p.name() + "' of "
                        + model.source() + " is " + v.dataType() + ", the model expects " + p.dataType());
            }
            out.put(p.name(), v);
            values.put(p.name(), Value.of(v, p.shape()));
            boundVariables.add(v.name());
        }
        return out;
    }

    void bindInitializers() {
        Set<String> statistics = runningStatistics(model.graph());
        for (Onnx.TensorProto t : model.graph().getInitializerList()) {
            INDArray a = OnnxTensors.toArray(t, model.source());
            boolean trainable = options.weights() == TranslationOptions.Weights.VARIABLES
                    && a.dataType().isFPType() && a.length() > 1 && !statistics.contains(t.getName());
            values.put(t.getName(), (trainable ? Value.weight(a) : Value.constant(a)).named(t.getName()));
        }
    }

    /**
     * Initializers read only as BatchNormalization's running mean and variance: statistics of the training data,
     * not parameters, so they stay constants when weights become variables.
     */
    static Set<String> runningStatistics(Onnx.GraphProto graph) {
        Set<String> statistics = new HashSet<>();
        Set<String> otherUses = new HashSet<>();
        for (Onnx.NodeProto n : graph.getNodeList()) {
            boolean bn = n.getOpType().equals("BatchNormalization") && OnnxModel.normalise(n.getDomain()).isEmpty();
            for (int i = 0; i < n.getInputCount(); i++) {
                (bn && (i == 3 || i == 4) ? statistics : otherUses).add(n.getInput(i));
            }
        }
        statistics.removeAll(otherUses);
        return statistics;
    }

    void translateNode(Onnx.NodeProto node, String label) {
        List<Value> inputs = new ArrayList<>(node.getInputCount());
        boolean allConstant = node.getInputCount() > 0;
        for (String in : node.getInputList()) {
            if (in.isEmpty()) {
                inputs.add(null);
                continue;
            }
            Value v = values.get(in);
            if (v == null) {
                throw new UserInputException(model.source() + ": node " + label + " (" + node.getOpType()
                        + ") reads '" + in + "', which no graph input, initializer or earlier node provides"
                        + " (the nodes must be in topological order)");
            }
            allConstant &= v.isConstant();
            inputs.add(v);
        }
        OpMapper mapper = registry.get(node.getOpType());
        List<Value> outs;
        try {
            outs = allConstant && mapper.foldable()
                    ? fold(node, label, mapper, inputs)
                    : mapper.map(new NodeContext(this, node, label, opset, inputs, model.source(), options.fuse(),
                            options.depthwiseTaps()));
        } catch (UserInputException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new UserInputException(model.source() + ": node " + label + " (" + node.getOpType() + ", opset "
                    + opset + ") cannot be translated: " + e.getMessage(), e);
        }
        for (int k = 0; k < node.getOutputCount(); k++) {
            String name = node.getOutput(k);
            if (name.isEmpty()) {
                continue;
            }
            Value v = k < outs.size() ? outs.get(k) : null;
            if (v == null) {
                throw new UserInputException(model.source() + ": node " + label + " (" + node.getOpType()
                        + "): output " + k + " ('" + name + "') is not produced by this translator");
            }
            values.put(name, bindOutput(name, v));
        }
    }

    private Value bindOutput(String name, Value v) {
        long[] known = declared.get(name);
        boolean computed = v.variable() != null || v.channelsLast() != null;
        if (known != null && computed && !v.isConstant() && !v.isTrainable()
                && (v.shape() == null || v.rank() == known.length)) {
            long[] merged = known.clone();
            long[] mine = v.shape();
            for (int d = 0; mine != null && d < merged.length; d++) {
                merged[d] = mine[d] >= 0 ? mine[d] : merged[d];
            }
            v = v.withShape(merged);
        }
        SDVariable var = v.variable();
        if (var != null && !boundVariables.contains(var.name())) {
            String target = freshName(OnnxTranslator.sdName(name));
            if (!var.name().equals(target)) {
                sd.renameVariable(var.name(), target);
            }
            boundVariables.add(target);
        } else if (v.variable() == null && v.nameHint() == null) {
            v.named(name);
        }
        return v;
    }

    /** Evaluates a node whose inputs are all known, in a scratch graph, and returns constants. */
    private List<Value> fold(Onnx.NodeProto node, String label, OpMapper mapper, List<Value> inputs) {
        SameDiff scratch = SameDiff.create();
        NodeContext.Graph g = new NodeContext.Graph() {
            @Override
            public SameDiff sd() {
                return scratch;
            }

            @Override
            public SDVariable materialise(Value v) {
                if (v.variable() == null) {
                    v.bind(v.producer() != null ? v.producer().get() : scratch.constant(v.contents()));
                }
                return v.variable();
            }

            @Override
            public String freshName(String base) {
                return scratch.generateNewVarName(base, 0);
            }
        };
        List<Value> copies = new ArrayList<>();
        for (Value v : inputs) {
            copies.add(v == null ? null : Value.constant(v.constant()));
        }
        List<Value> outs = mapper.map(new NodeContext(g, node, label, opset, copies, model.source(), false, false));
        List<String> pending = new ArrayList<>();
        for (Value v : outs) {
            if (v != null && !v.isConstant()) {
                pending.add(g.materialise(v).name());
            }
        }
        Map<String, INDArray> results = pending.isEmpty() ? Map.of()
                : scratch.output(Collections.emptyMap(), pending.toArray(new String[0]));
        List<Value> folded = new ArrayList<>();
        for (Value v : outs) {
            if (v == null || v.isConstant()) {
                folded.add(v == null ? null : Value.constant(v.constant()));
                continue;
            }
            INDArray r = results.get(v.variable().name()).dup();
            if (r.isEmpty() && Shapes.isStatic(v.shape())) {
                // ND4J reports empty results with rank 0; the mapping knows the real (zero-size) shape.
                r = Nd4j.create(r.dataType(), v.shape());
            }
            folded.add(Value.constant(r));
        }
        return folded;
    }

    Map<String, SDVariable> bindOutputs() {
        Map<String, SDVariable> out = new LinkedHashMap<>();
        for (Onnx.ValueInfoProto o : model.graph().getOutputList()) {
            Value v = values.get(o.getName());
            if (v == null) {
                throw new UserInputException(model.source() + ": graph output '" + o.getName() + "' is not produced by any node");
            }
            SDVariable var = materialise(v);
            String want = options.prefix() + OnnxTranslator.sdName(o.getName());
            if (!var.name().equals(want)) {
                var = sd.identity(freshName(OnnxTranslator.sdName(o.getName())), var);
            }
            out.put(o.getName(), var);
        }
        return out;
    }
}
