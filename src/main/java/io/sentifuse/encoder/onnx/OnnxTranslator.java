package io.sentifuse.encoder.onnx;

import io.sentifuse.encoder.onnx.ops.ConvBnFusion;
import io.sentifuse.encoder.onnx.ops.OpMapper;
import io.sentifuse.encoder.onnx.proto.OnnxModel;
import io.sentifuse.errors.UserInputException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import onnx.Onnx;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Translates an ONNX model into SameDiff ops, one {@link OpMapper} per node. The whole model is checked first
 * ({@link #check}): an operator without a mapping is refused before anything is built. The translation can
 * target a fresh graph or an existing one, with a name prefix and caller-supplied input variables, so that
 * encoders and a fusion head form one trainable graph.
 */
public final class OnnxTranslator {

    /**
     * Version of the translation output. Cached graphs are keyed by it: bump it whenever a mapping changes
     * the ops it emits. (6: casts to a variable's own type are no longer emitted. 7: TensorFlow-SAME padding inside
     * the convolution instead of a pad op; depthwise convolutions as ND4J's op in builds with oneDNN. 8: constant
     * convolution weights are laid out for ND4J while translating, not permuted on every pass. 9: Reshape targets
     * that re-read the input's own dimensions become constant targets with copies, {@link ReshapeCopyRewrite}. 10:
     * shape arithmetic repeated on one variable is made once, {@code NodeContext.shared}. 11: 2-D convolutions and the
     * element-wise ops, pools, pads and concatenations between them run channels-last in builds with oneDNN.)
     */
    public static final int VERSION = 11;

    /**
     * Version of what translated graphs compute, bit for bit. Feature stores are keyed by it rather than by
     * {@link #VERSION}: bump it with {@link #VERSION} whenever a change can move an encoder's outputs (a fused or
     * reordered computation); leave it for changes that only drop ops that copy (version 6 removed identity casts,
     * version 7 pad ops: ND4J's SAME mode gives the same bits; version 8 per-pass permutes of constant weights;
     * versions 9 and 10 shape arithmetic), so that encoded features stay valid. Choices that follow the ND4J build, as the build itself, are not in it: the
     * depthwise form ({@link TranslationOptions.Depthwise}) goes into the identity of the stores it changes. Version
     * 11's channels-last convolutions left them too: stores filled by versions 10 and 11 are byte-identical (README,
     * Speed).
     */
    public static final int NUMERICS_VERSION = 5;

    private static final Logger LOG = LoggerFactory.getLogger(OnnxTranslator.class);

    private final OpRegistry registry;

    public OnnxTranslator() {
        this(OpRegistry.standard());
    }

    public OnnxTranslator(OpRegistry registry) {
        this.registry = registry;
        GatherGradient.install();
    }

    public OpRegistry registry() {
        return registry;
    }

    /**
     * Refuses a model this translator cannot translate: every unsupported operator (type, node, opset) and
     * every non-tensor or non-numeric graph input/output is named in one message.
     */
    public void check(OnnxModel model) {
        List<String> problems = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        List<Onnx.NodeProto> nodes = model.graph().getNodeList();
        for (int i = 0; i < nodes.size(); i++) {
            Onnx.NodeProto node = nodes.get(i);
            String domain = OnnxModel.normalise(node.getDomain());
            int opset = model.opset(domain);
            String what = "operator '" + (domain.isEmpty() ? "" : domain + ".") + node.getOpType() + "' (node "
                    + OnnxModel.label(node, i) + ", opset " + opset + ")";
            OpMapper mapper = domain.isEmpty() ? registry.get(node.getOpType()) : null;
            String problem = null;
            if (mapper == null) {
                problem = what + " is not supported";
            } else if (opset < mapper.minOpset() || opset > mapper.maxOpset()) {
                problem = what + " is supported for opsets " + mapper.minOpset() + "-" + mapper.maxOpset() + " only";
            }
            if (problem != null && seen.add(node.getOpType() + "@" + opset)) {
                problems.add(problem);
            }
        }
        List<OnnxModel.Port> ports = new ArrayList<>(model.inputs());
        ports.addAll(model.outputs());
        for (OnnxModel.Port p : ports) {
            if (p.dataType() == null) {
                problems.add("graph input/output '" + p.name() + "' has type " + p.onnxType()
                        + " (only numeric and BOOL tensors are supported)");
            }
        }
        if (!problems.isEmpty()) {
            throw new UserInputException(model.source() + " cannot be translated: " + String.join("; ", problems)
                    + ". Supported operators: " + String.join(", ", registry.opTypes()));
        }
    }

    /** Translates into a new graph with placeholders for the model's inputs. */
    public Translation translate(OnnxModel model, TranslationOptions options) {
        return translate(SameDiff.create(), model, options, Map.of());
    }

    /**
     * Translates into {@code sd}. {@code inputs} maps ONNX input names to existing variables (for instance a
     * fusion model's own placeholders); inputs not given become placeholders named prefix + input name.
     */
    public Translation translate(SameDiff sd, OnnxModel model, TranslationOptions options, Map<String, SDVariable> inputs) {
        check(model);
        long start = System.nanoTime();
        int opsBefore = sd.getOps().size();
        GraphBuilder b = new GraphBuilder(sd, model, options, registry);
        Map<String, SDVariable> inputVars = b.bindInputs(inputs);
        b.bindInitializers();
        long nodesStart = System.nanoTime();
        Map<String, Long> nanosByOp = new HashMap<>();
        List<Onnx.NodeProto> nodes = options.fuse()
                ? ReshapeCopyRewrite.apply(model.graph(),
                        ConvBnFusion.apply(model.graph(), LayerNormFusion.apply(model.graph()), model.opset()))
                : model.graph().getNodeList();
        Map<Onnx.NodeProto, Integer> position = new IdentityHashMap<>();
        List<Onnx.NodeProto> original = model.graph().getNodeList();
        for (int i = 0; i < original.size(); i++) {
            position.put(original.get(i), i);
        }
        for (int i = 0; i < nodes.size(); i++) {
            long t = System.nanoTime();
            Integer at = position.get(nodes.get(i));
            b.translateNode(nodes.get(i), at == null ? fusedLabel(nodes.get(i)) : OnnxModel.label(nodes.get(i), at));
            nanosByOp.merge(nodes.get(i).getOpType(), System.nanoTime() - t, Long::sum);
        }
        if (LOG.isDebugEnabled()) {
            LOG.debug("initializers {} ms, nodes {} ms; slowest op types: {}", (nodesStart - start) / 1_000_000,
                    (System.nanoTime() - nodesStart) / 1_000_000, nanosByOp.entrySet().stream()
                            .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(6)
                            .map(e -> e.getKey() + " " + e.getValue() / 1_000_000 + " ms").toList());
        }
        Map<String, SDVariable> outputs = b.bindOutputs();
        int ops = sd.getOps().size() - opsBefore;
        LOG.debug("translated {} ({} nodes) into {} SameDiff ops in {} ms", model.source(), nodes.size(), ops,
                (System.nanoTime() - start) / 1_000_000);
        return new Translation(sd, inputVars, outputs, Collections.unmodifiableMap(b.weights()), ops);
    }

    /** A node made by a fusion pass: the name of the node it replaces, or its output. */
    private static String fusedLabel(Onnx.NodeProto node) {
        return node.getName().isEmpty() ? "fused " + node.getOpType() + " (outputs " + node.getOutput(0) + ")"
                : "'" + node.getName() + "' (fused " + node.getOpType() + ")";
    }

    /** Sanitises an ONNX name for SameDiff (which splits names on ':'). */
    public static String sdName(String onnxName) {
        StringBuilder s = new StringBuilder(onnxName.length());
        for (char c : onnxName.toCharArray()) {
            s.append(Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == '/' || c == '-' ? c : '_');
        }
        return s.length() == 0 ? "_" : s.toString();
    }

}
