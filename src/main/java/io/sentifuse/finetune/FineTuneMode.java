package io.sentifuse.finetune;

import io.sentifuse.cache.CacheRoot;
import io.sentifuse.config.ConfigSchema;
import io.sentifuse.config.ExperimentConfig;
import io.sentifuse.config.ImageConfig;
import io.sentifuse.config.TrainingConfig;
import io.sentifuse.data.CheckedDataset;
import io.sentifuse.data.PairRecordReader;
import io.sentifuse.data.Split;
import io.sentifuse.data.stream.PairBatch;
import io.sentifuse.data.stream.PairStream;
import io.sentifuse.errors.UserInputException;
import io.sentifuse.features.store.CachedImageFeatures;
import io.sentifuse.features.store.CachedTextFeatures;
import io.sentifuse.fusion.FusionHead;
import io.sentifuse.fusion.FusionHeads;
import io.sentifuse.model.BatchSource;
import io.sentifuse.model.ParamSpec;
import io.sentifuse.seeds.Seeds;
import io.sentifuse.train.TrainingData;
import io.sentifuse.train.TrainingMode;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code training.mode: finetune}: the pairs of {@code data.path} (split as in frozen mode) streamed through a
 * {@link FineTuneModel} built from the configured encoders and head. A CNN that does not train
 * ({@code training.finetune: text}) is not run per step: its features are read from the feature cache frozen runs
 * fill, by pair id, and images are not decoded (the same numbers, several times faster per step).
 */
public final class FineTuneMode implements TrainingMode {

    /** Largest {@code training.eval_batch_size} accepted: evaluation batches run through both encoders at once. */
    static final int MAX_EVAL_BATCH = 64;

    private final boolean frozenFromCache;

    /** A fixed encoder's features from the feature cache. */
    public FineTuneMode() {
        this(true);
    }

    /**
     * @param frozenFromCache false runs a fixed encoder (the CNN, or the text encoder) on every batch (tests compare
     *                        the two)
     */
    FineTuneMode(boolean frozenFromCache) {
        this.frozenFromCache = frozenFromCache;
    }

    @Override
    public TrainingConfig.Mode mode() {
        return TrainingConfig.Mode.FINETUNE;
    }

    @Override
    public void validate(ExperimentConfig config) {
        TrainingConfig t = config.training();
        if (!(t.encoderLr() > 0)) {
            throw new UserInputException("training.encoder_lr must be positive in finetune mode, got " + t.encoderLr()
                    + " (to keep an encoder fixed, set training.finetune to the other one)");
        }
        if (t.evalBatchSize() > MAX_EVAL_BATCH) {
            throw new UserInputException("training.eval_batch_size is " + t.evalBatchSize() + " but finetune mode "
                    + "runs every evaluation batch through the encoders in one pass (256 images through MobileNetV2 "
                    + "take tens of GB); set it to at most " + MAX_EVAL_BATCH + " (16 is a good value)");
        }
        if (config.image().tta() != ImageConfig.Tta.NONE && t.finetune().image()) {
            throw new UserInputException("image.tta: flip averages frozen image features; with training.finetune: "
                    + ConfigSchema.yamlEnum(t.finetune()) + " the CNN trains in the graph (set image.tta: none, or "
                    + "training.finetune: text)");
        }
        if (config.image().faces() != ImageConfig.Faces.NONE) {
            throw new UserInputException("image.faces is for frozen-feature training (training.mode: frozen); set "
                    + "image.faces: none to fine-tune");
        }
        if (!config.text().extraModels().isEmpty()) {
            throw new UserInputException("text.extra_models is for frozen-feature training (training.mode: frozen); "
                    + "finetune mode trains one text encoder, text.model");
        }
        if (config.text().maxLength() < 2) {
            throw new UserInputException("text.max_length must be at least 2 ([CLS] and [SEP]), got "
                    + config.text().maxLength());
        }
    }

    @Override
    public Prepared<PairBatch> prepare(ExperimentConfig config, Optional<Path> checkpoint) {
        FusionHead head = FusionHeads.get(config.fusion().head());
        CheckedDataset checked = CheckedDataset.read(config.data()).requireLabels("training");
        Split split = checked.split(config.data(), config.seed());
        PairRecordReader train = checked.reader().part(split.ids(Split.TRAIN));
        PairRecordReader validation = checked.reader().part(split.ids(split.validationPart()));
        if (train.size() == 0 || validation.size() == 0) {
            throw new UserInputException("the training and validation parts must not be empty (got " + train.size()
                    + " and " + validation.size() + " pairs)");
        }
        Path cacheRoot = CacheRoot.resolve(config.output().cacheDir());
        FineTuneEncoders enc = FineTuneEncoders.open(config.text(), config.image(), cacheRoot,
                FineTuneGraphBuilder.readsText(head), FineTuneGraphBuilder.readsImage(head),
                config.training().finetune(), null);
        FineTuneModel model = FineTuneModel.build(enc, config.text(), config.image(), config.fusion(),
                config.training().finetune(), Seeds.of(config.seed()));
        checkpoint.ifPresent(model::restore);
        Map<String, Object> warmStart = checkpoint.isEmpty() && !config.training().warmStart().isEmpty()
                ? WarmStart.apply(model, Path.of(config.training().warmStart())) : null;
        CachedImageFeatures cachedImages = frozenFromCache && FineTuneGraphBuilder.readsImage(head)
                && !config.training().finetune().image() ? CachedImageFeatures.open(checked, config) : null;
        if (cachedImages != null) {
            model.readFrozenImageFeatures(cachedImages::features);
        }
        CachedTextFeatures cachedText = frozenFromCache && FineTuneGraphBuilder.readsText(head)
                && !config.training().finetune().text() ? CachedTextFeatures.open(checked, config) : null;
        if (cachedText != null) {
            model.readFrozenTextFeatures(cachedText::features);
        }
        BatchSource<PairBatch> trainSource = source(train, enc, config, cachedImages);
        BatchSource<PairBatch> valSource = source(validation, enc, config, cachedImages);
        Optional<BatchSource<PairBatch>> testSource = split.parts().containsKey(Split.TEST)
                ? Optional.of(source(checked.reader().part(split.ids(Split.TEST)), enc, config, cachedImages))
                : Optional.empty();

        Map<String, Object> provenance = new LinkedHashMap<>();
        provenance.put("dataset", checked.provenance());
        provenance.put("split", split.provenance());
        provenance.put("encoders", enc.provenance());
        Map<String, Object> tuning = finetuneProvenance(model);
        if (warmStart != null) {
            tuning.put("warm_start", warmStart);
        }
        provenance.put("finetune", tuning);
        Map<String, Object> features = new LinkedHashMap<>();
        features.put("source", "finetune");
        features.put("kinds", head.inputs().stream().map(k -> k.name().toLowerCase(Locale.ROOT)).sorted().toList());
        features.put("dims", model.dims());
        if (cachedImages != null) {
            features.put("frozen_image_features", cachedImages.provenance());
        }
        if (cachedText != null) {
            features.put("frozen_text_features", cachedText.provenance());
        }
        features.put("train_examples", train.size());
        features.put("val_examples", validation.size());
        testSource.ifPresent(t -> features.put("test_examples", t.size()));
        provenance.put("features", features);
        return new Prepared<>(model, new TrainingData<>(trainSource, valSource, testSource,
                Collections.unmodifiableMap(provenance)));
    }

    private static PairStream source(PairRecordReader part, FineTuneEncoders enc, ExperimentConfig config,
                                     CachedImageFeatures cachedImages) {
        PairStream.Builder b = PairStream.builder(part, enc.tokenizer(), enc.transform()).config(config.data())
                .maxLength(config.text().maxLength()).seed(config.seed());
        if (cachedImages != null) {
            b.imagesNotDecoded(cachedImages::missing);
        }
        return b.build();
    }

    private static Map<String, Object> finetuneProvenance(FineTuneModel model) {
        long head = 0;
        long encoder = 0;
        for (Map.Entry<String, ParamSpec> e : model.parameterSpecs().entrySet()) {
            long n = model.parameter(e.getKey()).length();
            if (e.getValue().group().equals(ParamSpec.ENCODER)) {
                encoder += n;
            } else {
                head += n;
            }
        }
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("trained_encoders", ConfigSchema.yamlEnum(model.finetune()));
        p.put("head_parameters", head);
        p.put("encoder_parameters", encoder);
        p.put("standardize", false);
        return p;
    }
}
