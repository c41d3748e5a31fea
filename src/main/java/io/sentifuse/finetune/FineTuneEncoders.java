package io.sentifuse.finetune;

import io.sentifuse.config.ImageConfig;
import io.sentifuse.config.TextConfig;
import io.sentifuse.config.TrainingConfig;
import io.sentifuse.encoder.ImageEncoder;
import io.sentifuse.encoder.ImageModelSource;
import io.sentifuse.encoder.ModelSource;
import io.sentifuse.encoder.TextEncoder;
import io.sentifuse.encoder.TextModelChoice;
import io.sentifuse.encoder.VocabularyCheck;
import io.sentifuse.encoder.cache.GraphCache;
import io.sentifuse.encoder.image.ImageModelSpec;
import io.sentifuse.encoder.image.PreparedImageModel;
import io.sentifuse.encoder.onnx.TranslationOptions;
import io.sentifuse.encoder.onnx.proto.OnnxModel;
import io.sentifuse.files.Checksums;
import io.sentifuse.image.ImageTransform;
import io.sentifuse.image.ImageTransforms;
import io.sentifuse.text.Tokenizer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The encoders of a fine-tuning model as the configuration names them, checked before anything trains: each
 * model is verified against ONNX Runtime (or found verified in the graph cache) exactly as frozen-feature runs
 * verify it, the tokenizer must match the word-embedding table, and the image transform is the model's own.
 * What {@link FineTuneModel} translates into its graph is the same model (same SHA-256).
 *
 * @param text          the text model, or null when the head reads no text
 * @param image         the image model, or null when the head reads no image
 * @param tokenizerFile the tokenizer file (always: the pair iterator tokenises every text)
 * @param tokenizer     its tokenizer
 * @param transform     the image transform (always: the pair iterator decodes every image)
 * @param frozenText    the verified standalone text encoder when the text is read but not trained, else null
 * @param frozenImage   the verified standalone image encoder when images are read but not trained, else null
 * @param provenance    what the run's provenance records about both
 */
record FineTuneEncoders(Text text, Image image, Path tokenizerFile, Tokenizer tokenizer, ImageTransform transform,
                        TextEncoder frozenText, ImageEncoder frozenImage, Map<String, Object> provenance) {

    private static final Logger LOG = LoggerFactory.getLogger(FineTuneEncoders.class);

    /**
     * The text model: where it came from, its SHA-256, the parsed ONNX, its hidden width, embedding table and
     * pooling (resolved: the preset's own under {@code text.pooling: auto}).
     */
    record Text(ModelSource source, String sha256, OnnxModel model, int hidden, String wordEmbeddings,
                TextConfig.Pooling pooling) {
    }

    /** The image model: where it came from, the SHA-256 of the model as translated, and the prepared ONNX. */
    record Image(ImageModelSource source, String sha256, PreparedImageModel model) {

        ImageModelSpec spec() {
            return model.spec();
        }
    }

    /**
     * Opens what a head reading text ({@code needText}) and/or images ({@code needImage}) needs, keeping the
     * standalone (inference-optimised) encoder of a modality that is read but not trained.
     *
     * @param tokenizerFile the tokenizer to use, or null for the one {@code text} names (or the model's own)
     */
    static FineTuneEncoders open(TextConfig textConfig, ImageConfig imageConfig, Path cacheRoot, boolean needText,
                                 boolean needImage, TrainingConfig.Finetune finetune, Path tokenizerFile) {
        Map<String, Object> provenance = new LinkedHashMap<>();
        TextModelChoice choice = TextModelChoice.of(textConfig);
        ModelSource textSource = choice.source();
        Path tokFile = tokenizerFile != null ? tokenizerFile : choice.tokenizerFile(textConfig.tokenizer(), cacheRoot);
        Tokenizer tokenizer = choice.tokenizer(tokFile);
        Text text = null;
        TextEncoder frozenText = null;
        if (needText) {
            TextEncoder verified = TextEncoder.open(textSource, choice.pooling(), cacheRoot);
            verified.checkTokenizer(tokenizer, tokFile.toString());
            OnnxModel model = textSource.parse();
            text = new Text(textSource, textSource.sha256(new GraphCache(cacheRoot).checksums()), model,
                    hiddenWidth(model), VocabularyCheck.wordEmbeddings(model).initializer(), choice.pooling());
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("model", textSource.name());
            p.put("sha256", text.sha256());
            p.put("tokenizer", tokFile.toString());
            p.put("tokenizer_sha256", Checksums.sha256(tokFile));
            p.put("pooling", choice.pooling().name().toLowerCase(java.util.Locale.ROOT));
            p.put("prefix", choice.prefix());
            p.put("hidden", text.hidden());
            p.put("verification", verified.verification());
            p.put("graph_from_cache", verified.cached());
            p.put("trained", finetune.text());
            provenance.put("text", p);
            frozenText = finetune.text() ? null : verified;
        }
        ImageModelSource imageSource = ImageModelSource.fromConfig(imageConfig, cacheRoot);
        Image image = null;
        ImageEncoder frozenImage = null;
        ImageTransform transform;
        if (needImage) {
            // a trained CNN's bundle is exported from the graph with variables (TunedGraphs): verify that one here
            ImageEncoder verified = ImageEncoder.open(imageSource, imageConfig, cacheRoot, finetune.image()
                    ? TranslationOptions.Weights.VARIABLES : ImageEncoder.INFERENCE_WEIGHTS);
            try {
                transform = verified.transform();
                image = new Image(imageSource, verified.sha256(), imageSource.prepare());
                Map<String, Object> p = new LinkedHashMap<>();
                p.put("model", imageSource.name());
                p.put("sha256", image.sha256());
                p.put("input_size", transform.size());
                p.put("resize", imageConfig.resize().name().toLowerCase(java.util.Locale.ROOT));
                p.put("normalize", imageConfig.normalize().name().toLowerCase(java.util.Locale.ROOT));
                p.put("pooled_dim", verified.spec().pooledDim());
                p.put("regions", verified.spec().regions());
                p.put("verification", verified.verification());
                p.put("graph_from_cache", verified.cached());
                p.put("trained", finetune.image());
                provenance.put("image", p);
            } finally {
                if (finetune.image()) {
                    verified.close();
                } else {
                    frozenImage = verified;
                }
            }
        } else {
            // the iterator still decodes images; the head just does not read them
            transform = ImageTransforms.fromConfig(imageConfig, imageSource.preset());
        }
        LOG.info("fine-tuning encoders ready: text {}, image {}", text == null ? "(unused)" : textSource.name(),
                image == null ? "(unused)" : imageSource.name());
        return new FineTuneEncoders(text, image, tokFile, tokenizer, transform, frozenText, frozenImage, provenance);
    }

    /** Width of the token states: the declared last dimension of the first output, else the embedding width. */
    private static int hiddenWidth(OnnxModel model) {
        long[] shape = model.outputs().isEmpty() ? new long[0] : model.outputs().get(0).shape();
        if (shape != null && shape.length == 3 && shape[2] > 0) {
            return (int) shape[2];
        }
        return (int) VocabularyCheck.wordEmbeddings(model).width();
    }
}
