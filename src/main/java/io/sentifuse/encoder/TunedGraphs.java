package io.sentifuse.encoder;

import io.sentifuse.encoder.cache.CacheEntry;
import io.sentifuse.encoder.image.PreparedImageModel;
import io.sentifuse.encoder.onnx.proto.OnnxModel;
import io.sentifuse.encoder.onnx.proto.OnnxTensors;
import io.sentifuse.encoder.verify.ModelVerifier;
import io.sentifuse.encoder.verify.VerificationReport;
import io.sentifuse.errors.UserInputException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import onnx.Onnx;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Standalone (inference) encoder graphs with fine-tuned weights, verified like every import: the verified graph of
 * the original model gets the tuned values of its weights (matched by ONNX initializer name), the ONNX model gets
 * the same values in its initializers, and ONNX Runtime on that tuned model must agree with the tuned graph within
 * the import tolerance. What a model bundle of a fine-tuned run carries.
 */
public final class TunedGraphs {

    /**
     * A tuned graph and its metadata (the original's, with the tuned graph's verification).
     *
     * @param sd    the graph, without the standalone encoder's pooling ops (as the graph cache stores graphs)
     * @param entry its metadata
     */
    public record Tuned(SameDiff sd, CacheEntry entry) {
    }

    private TunedGraphs() {
    }

    /** The text model of {@code source} (verified as {@code standalone}) with {@code tuned} initializer values. */
    public static Tuned text(ModelSource source, VerifiedGraph standalone, Map<String, INDArray> tuned) {
        OnnxModel model = source.parse();
        return tune(standalone, model.proto(), source.name(), tuned, KindSupport.of(ModelKind.TEXT));
    }

    /** The prepared image model (verified as {@code standalone}) with {@code tuned} initializer values. */
    public static Tuned image(PreparedImageModel prepared, VerifiedGraph standalone, Map<String, INDArray> tuned) {
        return tune(standalone, prepared.model(), prepared.source(), tuned, KindSupport.image(prepared.spec()));
    }

    private static Tuned tune(VerifiedGraph g, Onnx.ModelProto proto, String name, Map<String, INDArray> tuned,
                              KindSupport kind) {
        if (g.graphFile() == null) {
            throw new IllegalStateException(name + ": the standalone graph has no file to start from");
        }
        SameDiff sd;
        try {
            sd = SameDiff.load(g.graphFile().toFile(), true);
        } catch (RuntimeException e) {
            throw new UserInputException("cannot load the verified graph " + g.graphFile() + ": " + e.getMessage(), e);
        }
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, INDArray> t : tuned.entrySet()) {
            String variable = g.entry().weights().get(t.getKey());
            if (variable == null || !sd.hasVariable(variable)) {
                missing.add(t.getKey());
                continue;
            }
            sd.getArrForVarName(variable).assign(t.getValue());
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException(name + ": " + missing.size() + " tuned weights have no variable in the "
                    + "standalone graph, e.g. " + missing.subList(0, Math.min(5, missing.size())));
        }
        Onnx.ModelProto tunedProto = withInitializers(proto, tuned);
        String label = name + " (fine-tuned)";
        VerificationReport report = ModelVerifier.verify(tunedProto.toByteArray(), label, sd, g.entry().inputs(),
                g.entry().outputs(), kind.cases(new OnnxModel(tunedProto, label)), ModelVerifier.DEFAULT_TOLERANCE,
                Runtime.getRuntime().availableProcessors());
        ModelVerifier.requireVerified(report, label);
        CacheEntry e = g.entry();
        return new Tuned(sd, new CacheEntry(e.key(), label, e.kind(), e.signature(), e.vocabulary(), e.inputs(),
                e.outputs(), e.weights(), e.ops(), 0, null, report, e.created(), e.image()));
    }

    private static Onnx.ModelProto withInitializers(Onnx.ModelProto proto, Map<String, INDArray> tuned) {
        Onnx.GraphProto.Builder graph = proto.getGraph().toBuilder();
        for (int i = 0; i < graph.getInitializerCount(); i++) {
            Onnx.TensorProto init = graph.getInitializer(i);
            INDArray value = tuned.get(init.getName());
            if (value != null) {
                INDArray typed = value.castTo(OnnxTensors.dataType(init.getDataType()));
                graph.setInitializer(i, OnnxTensors.toTensor(init.getName(), typed));
            }
        }
        return proto.toBuilder().setGraph(graph).build();
    }

    /** Saves {@code tuned}'s graph to {@code file} (SameDiff's format, weights included). */
    public static void save(Tuned tuned, java.nio.file.Path file) {
        try {
            java.nio.file.Files.createDirectories(file.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new UserInputException("cannot create " + file.getParent() + ": " + e.getMessage(), e);
        }
        tuned.sd().save(file.toFile(), true);
    }
}
