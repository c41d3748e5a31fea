package io.sentifuse.encoder.face;

import io.sentifuse.cache.CacheRoot;
import io.sentifuse.encoder.EncoderGraphs;
import io.sentifuse.encoder.ImageEncoder;
import io.sentifuse.encoder.KindSupport;
import io.sentifuse.encoder.ModelKind;
import io.sentifuse.encoder.ModelSource;
import io.sentifuse.encoder.VerifiedGraph;
import io.sentifuse.encoder.cache.GraphCache;
import io.sentifuse.encoder.image.NsfwjsReference;
import io.sentifuse.encoder.onnx.proto.OnnxModel;
import io.sentifuse.encoder.onnx.TranslationOptions;
import io.sentifuse.encoder.tfjs.HumanModel;
import io.sentifuse.encoder.tfjs.NpmTarball;
import io.sentifuse.encoder.tfjs.TfjsGraphToOnnx;
import io.sentifuse.encoder.tfjs.TfjsToOnnx;
import io.sentifuse.encoder.verify.ModelVerifier;
import io.sentifuse.encoder.verify.VerificationCase;
import io.sentifuse.image.ImageTransform;
import io.sentifuse.image.ImageTransforms;
import io.sentifuse.image.Interpolation;
import io.sentifuse.image.Normalization;
import io.sentifuse.image.TransformSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The face models as verified SameDiff graphs: the human tarball fetched once (npm), each model converted from
 * TF.js, translated and compared with ONNX Runtime on inputs made from the bundled reference pictures, then
 * cached like the other encoders' graphs (keyed by the converted model's bytes).
 */
public final class FaceModels {

    /** Batches the graphs are verified on. */
    static final int[] BATCHES = {1, 4};

    private FaceModels() {
    }

    /**
     * The verified graphs of {@code models}, in order; graphs and the tarball (fetched and integrity-checked once for
     * all of them) are cached under {@code cacheRoot}. If one fails, those already loaded are released.
     */
    public static List<VerifiedGraph> obtain(Path cacheRoot, HumanModel... models) {
        Path tarball = NpmTarball.HUMAN.fetch(CacheRoot.npm(cacheRoot));
        EncoderGraphs graphs = new EncoderGraphs(new GraphCache(cacheRoot), ModelVerifier.DEFAULT_TOLERANCE,
                Runtime.getRuntime().availableProcessors());
        TranslationOptions.Weights weights = ImageEncoder.INFERENCE_WEIGHTS;
        List<VerifiedGraph> out = new ArrayList<>();
        try {
            for (HumanModel model : models) {
                ModelSource source = source(tarball, model);
                out.add(graphs.cached(source, ModelKind.IMAGE, weights).orElseGet(() -> graphs.build(source, source.parse(),
                        support(model), weights)));
            }
        } catch (RuntimeException e) {
            out.forEach(VerifiedGraph::releaseSessions);
            throw e;
        }
        return out;
    }

    /** The converted model as a source whose checksum is remembered with the tarball's size and time. */
    static ModelSource source(Path tarball, HumanModel model) {
        String location = tarball.toAbsolutePath() + "#" + model.id() + "#tfjs-graph-onnx-"
                + TfjsGraphToOnnx.CONVERTER_VERSION;
        return ModelSource.derived(model.id(), location, tarball, () -> model.convert(tarball).toByteArray());
    }

    private static KindSupport support(HumanModel model) {
        return new KindSupport() {
            @Override
            public ModelKind kind() {
                return ModelKind.IMAGE;
            }

            @Override
            public List<VerificationCase> cases(OnnxModel onnx) {
                return FaceModels.cases(model);
            }
        };
    }

    /**
     * Network inputs made from the reference pictures: RGB in [-1, 1] for BlazeFace, grey in [-1, 1] for the
     * emotion model, as {@link FaceEncoder} makes them.
     */
    static List<VerificationCase> cases(HumanModel model) {
        int s = model.inputSize();
        ImageTransform transform = ImageTransforms.create(TransformSpec.stretch(s, Interpolation.HALF_PIXEL,
                Normalization.UNIT));
        boolean grey = model == HumanModel.EMOTION;
        return NsfwjsReference.cases(TfjsToOnnx.INPUT, BATCHES, grey ? 1 : 3, s, picture -> {
            float[] unit = transform.apply(picture);
            float[] in = grey ? FaceEncoder.grey(unit, 0, s) : unit;
            for (int i = 0; i < in.length; i++) {
                in[i] = in[i] * 2 - 1;
            }
            return in;
        });
    }
}
