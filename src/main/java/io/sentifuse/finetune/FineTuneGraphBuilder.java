package io.sentifuse.finetune;

import io.sentifuse.config.FusionConfig;
import io.sentifuse.config.ImageConfig;
import io.sentifuse.config.TextConfig;
import io.sentifuse.config.TrainingConfig;
import io.sentifuse.data.Label;
import io.sentifuse.encoder.ImageEncoder;
import io.sentifuse.encoder.TextEncoder;
import io.sentifuse.encoder.onnx.TranslationOptions;
import io.sentifuse.features.FeatureDims;
import io.sentifuse.features.FeatureKind;
import io.sentifuse.fusion.FusionGraph;
import io.sentifuse.fusion.FusionHead;
import io.sentifuse.fusion.FusionHeads;
import io.sentifuse.fusion.FusionModel;
import io.sentifuse.fusion.HeadInputs;
import io.sentifuse.fusion.ParamRole;
import io.sentifuse.model.ParamSpec;
import io.sentifuse.seeds.Seeds;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Builds a {@link FineTuneModel}'s graph: placeholders, the trained encoders translated in (weights as variables),
 * placeholders for the features of an encoder that is read but not trained, the head and loss
 * ({@link FusionGraph}), and the trainable set: head parameters, then the encoder weights on the loss's path.
 */
final class FineTuneGraphBuilder {

    private FineTuneGraphBuilder() {
    }

    /**
     * How the encoders are translated for training: weights as variables and without the inference rewrites.
     * The rewrites compute the same function with fewer forward passes, but their backward passes are slow in
     * ND4J M2.1 (layer_norm_bp; the depthwise convolution as shifted products differentiates through hundreds
     * of broadcast products and strided slices): a MiniLM + MobileNetV2 step at batch 4 took 25 s with them
     * and 8 s without, on 2 cores.
     */
    static final TranslationOptions TRAINING_TRANSLATION = TranslationOptions.defaults().withFusion(false);

    /** The encoders' outputs in the graph, as the head-input callback leaves them. */
    private static final class Attached {
        TextEncoder.InGraph text;
        ImageEncoder.InGraph image;
        final Set<String> inputs = new LinkedHashSet<>();
    }

    /**
     * Builds the graph for {@code encoders} and the configured head, head initialised from {@code seeds}. An
     * encoder that trains is translated into the graph; one that is read but does not train runs as its own
     * verified inference graph (the faster, rewritten one) in front of it, its outputs fed to the head as
     * inputs: no gradient graph, and none of its activations kept for a backward pass.
     */
    static FineTuneModel build(FineTuneEncoders encoders, TextConfig text, ImageConfig image, FusionConfig fusion,
                               TrainingConfig.Finetune finetune, Seeds seeds) {
        FusionHead head = FusionHeads.get(fusion.head());
        Set<FeatureKind> kinds = head.inputs();
        boolean needText = readsText(head);
        boolean needImage = readsImage(head);
        if (needText && encoders.text() == null || needImage && encoders.image() == null
                || needText && !finetune.text() && encoders.frozenText() == null
                || needImage && !finetune.image() && encoders.frozenImage() == null) {
            throw new IllegalArgumentException("head " + head.name() + " reads " + kinds
                    + " but an encoder is missing");
        }
        FeatureDims dims = new FeatureDims(needText ? encoders.text().hidden() : 0,
                needImage ? encoders.image().spec().pooledDim() : 0, needText ? text.maxLength() : 0,
                needImage ? encoders.image().spec().regions() : 0);
        Attached at = new Attached();
        FusionGraph graph = FusionGraph.build(SameDiff.create(), head, fusion, seeds, DataType.FLOAT, sd -> {
            SDVariable[] in = new SDVariable[5];
            if (needText && finetune.text()) {
                SDVariable ids = sd.placeHolder(FineTuneModel.TOKEN_IDS, DataType.LONG, -1, -1);
                SDVariable mask = sd.placeHolder(FineTuneModel.ATTENTION_MASK, DataType.LONG, -1, -1);
                at.text = TextEncoder.attach(sd, FineTuneModel.TEXT_PREFIX, encoders.text().model(), ids, mask, null,
                        encoders.text().pooling(), TRAINING_TRANSLATION);
                in[0] = at.text.pooled();
                in[1] = at.text.tokenStates();
                in[2] = mask.castTo(DataType.FLOAT);
            } else if (needText) {
                in[0] = sd.placeHolder(FusionModel.TEXT_POOLED, DataType.FLOAT, -1, dims.textDim());
                in[1] = sd.placeHolder(FusionModel.TEXT_TOKENS, DataType.FLOAT, -1, -1, dims.textDim());
                in[2] = sd.placeHolder(FusionModel.TEXT_MASK, DataType.FLOAT, -1, -1);
            }
            if (needImage && finetune.image()) {
                long s = encoders.image().spec().inputSize();
                SDVariable images = sd.placeHolder(FineTuneModel.IMAGES, DataType.FLOAT, -1, 3, s, s);
                at.image = ImageEncoder.attach(sd, FineTuneModel.IMAGE_PREFIX, encoders.image().model(), images,
                        TRAINING_TRANSLATION);
                in[3] = at.image.pooled();
                in[4] = at.image.regions();
            } else if (needImage) {
                in[3] = sd.placeHolder(FusionModel.IMAGE_POOLED, DataType.FLOAT, -1, dims.imageDim());
                in[4] = sd.placeHolder(FusionModel.IMAGE_REGIONS, DataType.FLOAT, -1, dims.regions(), dims.imageDim());
            }
            boolean tokens = kinds.contains(FeatureKind.TEXT_TOKENS);
            return new HeadInputs(kinds.contains(FeatureKind.TEXT_POOLED) ? in[0] : null, tokens ? in[1] : null,
                    tokens ? in[2] : null, kinds.contains(FeatureKind.IMAGE_POOLED) ? in[3] : null,
                    kinds.contains(FeatureKind.IMAGE_REGIONS) ? in[4] : null, dims, Label.COUNT);
        });
        Set<String> onPath = LossPath.variables(graph.sd(), FusionGraph.LOSS);
        Map<String, ParamSpec> specs = new LinkedHashMap<>();
        for (Map.Entry<String, ParamRole> e : graph.parameters().entrySet()) {
            specs.put(e.getKey(), new ParamSpec(ParamSpec.HEAD, e.getValue().decays()));
        }
        Map<String, String> textWeights = at.text == null ? Map.of() : at.text.translation().weights();
        Map<String, String> imageWeights = at.image == null ? Map.of() : at.image.translation().weights();
        addEncoder(specs, graph.sd(), textWeights, onPath);
        addEncoder(specs, graph.sd(), imageWeights, onPath);
        Set<String> inputs = new LinkedHashSet<>();
        for (String name : List.of(FineTuneModel.TOKEN_IDS, FineTuneModel.ATTENTION_MASK, FineTuneModel.IMAGES,
                FusionModel.TEXT_POOLED, FusionModel.TEXT_TOKENS, FusionModel.TEXT_MASK, FusionModel.IMAGE_POOLED,
                FusionModel.IMAGE_REGIONS)) {
            if (onPath.contains(name)) {
                inputs.add(name);
            }
        }
        // no StepMemory here: it made MiniLM's step at a fixed 8 x 64 1.4x faster, but a real epoch (batch 16, token
        // lengths up to 128, every length a new shape) held 19.7 GB within three minutes (README, Speed)
        return new FineTuneModel(graph, encoders, text, image, fusion, finetune, dims, textWeights, imageWeights,
                specs, inputs);
    }

    private static void addEncoder(Map<String, ParamSpec> specs, SameDiff sd, Map<String, String> weights,
                                   Set<String> onPath) {
        for (String variable : weights.values()) {
            if (onPath.contains(variable)) {
                boolean matrix = sd.getArrForVarName(variable).rank() >= 2;
                specs.put(variable, new ParamSpec(ParamSpec.ENCODER, matrix));
            }
        }
    }

    static boolean readsText(FusionHead head) {
        return head.inputs().contains(FeatureKind.TEXT_POOLED) || head.inputs().contains(FeatureKind.TEXT_TOKENS);
    }

    static boolean readsImage(FusionHead head) {
        return head.inputs().contains(FeatureKind.IMAGE_POOLED) || head.inputs().contains(FeatureKind.IMAGE_REGIONS);
    }
}
