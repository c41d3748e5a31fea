package io.sentifuse.encoder.face;

import io.sentifuse.cache.CacheRoot;
import io.sentifuse.encoder.EncoderGraphs;
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
import java.util.Map;
import org.nd4j.linalg.factory.Nd4j;

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

    /** The verified graph of {@code model}; graphs and the tarball are cached under {@code cacheRoot}. */
    public static VerifiedGraph obtain(Path cacheRoot, HumanModel model) {
        Path tarball = NpmTarball.HUMAN.fetch(CacheRoot.npm(cacheRoot));
        ModelSource source = source(tarball, model);
        EncoderGraphs graphs = new EncoderGraphs(new GraphCache(cacheRoot), ModelVerifier.DEFAULT_TOLERANCE,
                Runtime.getRuntime().availableProcessors());
        TranslationOptions.Weights weights = TranslationOptions.Weights.VARIABLES;
        return graphs.cached(source, weights).orElseGet(() -> graphs.build(source, source.parse(), support(model),
                weights));
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
        List<NsfwjsReference.Item> pictures = NsfwjsReference.mobileNetV2();
        boolean grey = model == HumanModel.EMOTION;
        int per = (grey ? 1 : 3) * s * s;
        List<VerificationCase> out = new ArrayList<>();
        int next = 0;
        for (int batch : BATCHES) {
            float[] x = new float[batch * per];
            for (int b = 0; b < batch; b++) {
                float[] unit = transform.apply(pictures.get(next++ % pictures.size()).image());
                float[] in = grey ? FaceEncoder.grey(unit, s) : unit;
                for (int i = 0; i < per; i++) {
                    x[b * per + i] = in[i] * 2 - 1;
                }
            }
            String shape = batch + "x" + (grey ? 1 : 3) + "x" + s + "x" + s;
            out.add(new VerificationCase(shape, shape, Map.of(TfjsToOnnx.INPUT,
                    Nd4j.createFromArray(x).reshape(batch, grey ? 1 : 3, s, s)), null));
        }
        return out;
    }
}
