package io.sentifuse.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import io.sentifuse.cache.CacheRoot;
import io.sentifuse.config.ConfigLoader;
import io.sentifuse.config.ConfigSchema;
import io.sentifuse.config.ExperimentConfig;
import io.sentifuse.config.ImageConfig;
import io.sentifuse.config.TextConfig;
import io.sentifuse.config.TrainingConfig;
import io.sentifuse.data.Label;
import io.sentifuse.encoder.ImageEncoder;
import io.sentifuse.encoder.ImageModelSource;
import io.sentifuse.encoder.TextEncoder;
import io.sentifuse.encoder.TextLayers;
import io.sentifuse.encoder.TextModelChoice;
import io.sentifuse.encoder.TunedGraphs;
import io.sentifuse.encoder.VerifiedGraph;
import io.sentifuse.encoder.onnx.TranslationOptions;
import io.sentifuse.errors.UserInputException;
import io.sentifuse.features.FeatureKind;
import io.sentifuse.files.AtomicFiles;
import io.sentifuse.files.Json;
import io.sentifuse.finetune.FineTuneModel;
import io.sentifuse.fusion.FusionHeads;
import io.sentifuse.fusion.FusionModel;
import io.sentifuse.fusion.Standardization;
import io.sentifuse.model.ParamSpec;
import io.sentifuse.run.RunDir;
import io.sentifuse.seeds.Seeds;
import io.sentifuse.sweep.CandidateRecord;
import io.sentifuse.sweep.Leaderboard;
import io.sentifuse.sweep.Ledger;
import io.sentifuse.sweep.SweepDir;
import io.sentifuse.system.Versions;
import io.sentifuse.train.TrainingReport;
import io.sentifuse.train.TrainingService;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code sentifuse export}: a finished run (or a sweep's best candidate, its best seed's run) as one model bundle.
 * The head is always a {@link FusionModel} over encoder features; the encoders are their verified standalone
 * graphs (copied from the graph cache, or translated and verified now), with fine-tuned weights put in and
 * verified again against ONNX Runtime on the tuned model when the run fine-tuned them.
 */
public final class Exporter {

    private static final Logger LOG = LoggerFactory.getLogger(Exporter.class);
    /** {@code text.extra_models} in a bundled encoder's settings. */
    private static final String EXTRA_MODELS_SETTING = "extraModels";
    /** {@code text.layers} in a bundled encoder's settings (absent unless used, like extra_models). */
    private static final String TEXT_LAYERS_SETTING = "layers";
    /** {@code image.layer} in a bundled encoder's settings. */
    private static final String LAYER_SETTING = "layer";
    /** {@code image.tta} in a bundled encoder's settings. */
    private static final String TTA_SETTING = "tta";
    /** {@code image.faces}: never bundled (refused above), so bundles stay readable by builds without it. */
    private static final String FACES_SETTING = "faces";

    private Exporter() {
    }

    /**
     * Exports {@code sources} to {@code out}: one run folder or sweep folder as a single model, several (frozen-feature
     * runs sharing their encoders) as an ensemble that averages their probabilities.
     */
    public static ExportResult export(List<Path> sources, Path out) {
        if (sources.isEmpty()) {
            throw new UserInputException("export needs a run folder or a sweep folder");
        }
        return sources.size() == 1 ? export(sources.get(0), out) : EnsembleExporter.export(sources, out);
    }

    /** Exports {@code source} (a run folder or a sweep folder) to {@code out}. */
    public static ExportResult export(Path source, Path out) {
        long started = System.nanoTime();
        Map<String, Object> origin = new LinkedHashMap<>();
        Path runDir = runOf(source, origin);
        ExperimentConfig config = finishedConfig(runDir);
        Path cacheRoot = CacheRoot.resolve(config.output().cacheDir());
        Path work = workFolder();
        try {
            Map<String, Path> entries = new LinkedHashMap<>();
            Parts parts = config.training().mode() == TrainingConfig.Mode.FINETUNE
                    ? fineTuned(runDir, config, cacheRoot, work, entries)
                    : frozen(runDir, config, cacheRoot, work, entries);
            runFiles(runDir, BundleLayout.RUN, entries);
            origin.put("run_dir", runDir.toString());
            Map<String, Object> metrics = metrics(runDir);
            FusionModel head = parts.head();
            BundleManifest manifest = new BundleManifest(BundleFiles.FORMAT, usesEncoderOptions(parts.text(),
                    parts.image()) ? BundleFiles.ENCODER_OPTIONS_VERSION : BundleFiles.SINGLE_VERSION,
                    Instant.now().toString(), Versions.sentifuse(), ConfigSchema.yamlEnum(config.training().mode()),
                    head.headName(), classes(), Json.mapper().convertValue(head.config(), Map.class),
                    Json.mapper().convertValue(head.dims(), Map.class), !head.standardization().asArrays().isEmpty(),
                    head.exposedOutputs(), parts.text(), parts.image(), metrics, origin, Map.of(), null);
            BundleManifest written = BundleFiles.write(out, manifest, entries);
            double seconds = (System.nanoTime() - started) / 1e9;
            LOG.info("exported {} ({} entries) to {} in {} s", runDir, written.entries().size(), out, Math.round(seconds));
            return new ExportResult(out.toString(), BundleFiles.sha256(out), size(out), head.headName(),
                    manifest.mode(), runDir.toString(), origin, metrics, Math.round(seconds * 10) / 10.0);
        } finally {
            AtomicFiles.deleteTree(work);
        }
    }

    /**
     * Whether {@code text} joins further encoders or {@code image} taps an earlier layer or averages over flips
     * (either may be null).
     */
    static boolean usesEncoderOptions(BundleManifest.Encoder text, BundleManifest.Encoder image) {
        return text != null && textUsesOptions(text) || image != null
                && (image.settings().containsKey(LAYER_SETTING) || image.settings().containsKey(TTA_SETTING));
    }

    /** Whether a bundled text encoder uses options earlier builds do not read: joined encoders or text.layers. */
    static boolean textUsesOptions(BundleManifest.Encoder text) {
        return text.extra() != null || text.settings().containsKey(TEXT_LAYERS_SETTING);
    }

    /** The configuration of a finished run; an error naming it when it has not finished. */
    static ExperimentConfig finishedConfig(Path runDir) {
        if (!Files.isRegularFile(runDir.resolve(TrainingReport.JSON_FILE))) {
            throw new UserInputException(runDir + " has not finished (no " + TrainingReport.JSON_FILE + "): resume it "
                    + "with sentifuse train --resume " + runDir + " before exporting");
        }
        return ConfigLoader.load(runDir.resolve(RunDir.CONFIG_FILE), List.of());
    }

    static Path workFolder() {
        try {
            return Files.createTempDirectory("sentifuse-export");
        } catch (IOException e) {
            throw new UserInputException("cannot create a temporary folder for the export: " + e.getMessage(), e);
        }
    }

    /** The run's configuration, provenance and report as entries under {@code prefix}. */
    static void runFiles(Path runDir, String prefix, Map<String, Path> entries) {
        for (String f : List.of(RunDir.CONFIG_FILE, RunDir.PROVENANCE_FILE, TrainingReport.JSON_FILE)) {
            entries.put(prefix + f, runDir.resolve(f));
        }
    }

    /** The run's validation (and test) figures from its report. */
    static Map<String, Object> metrics(Path runDir) {
        JsonNode report = Json.read(runDir.resolve(TrainingReport.JSON_FILE), JsonNode.class);
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("val", Json.mapper().convertValue(report.get("val"), Map.class));
        if (report.hasNonNull("test")) {
            metrics.put("test", Json.mapper().convertValue(report.get("test"), Map.class));
        }
        return metrics;
    }

    static List<String> classes() {
        List<String> classes = new ArrayList<>();
        for (Label l : Label.values()) {
            classes.add(l.word());
        }
        return classes;
    }

    /** The head and encoders of a run, as bundle parts. */
    private record Parts(FusionModel head, BundleManifest.Encoder text, BundleManifest.Encoder image) {
    }

    /** The run folder {@code source} names: itself, or a sweep's best candidate's best seed. */
    static Path runOf(Path source, Map<String, Object> origin) {
        if (SweepDir.isSweep(source)) {
            CandidateRecord best = Leaderboard.of(new Ledger(source).records()).best();
            if (best == null) {
                throw new UserInputException(source + ": no candidate of this sweep finished; nothing to export");
            }
            origin.put("sweep_dir", source.toString());
            origin.put("candidate", best.index());
            origin.put("score_mean", best.scoreMean());
            origin.put("score_sd", best.scoreSd());
            origin.put("overrides", best.overrides());
            return Path.of(Leaderboard.bestRunDir(best));
        }
        if (Files.isRegularFile(source.resolve(RunDir.CONFIG_FILE))
                && Files.isDirectory(source.resolve(TrainingService.MODEL_DIR))) {
            return source;
        }
        throw new UserInputException(source + " is neither a run folder (config.yaml and model/) nor a sweep folder "
                + "(" + SweepDir.SWEEP_FILE + ")");
    }

    private static Parts frozen(Path runDir, ExperimentConfig config, Path cacheRoot, Path work,
                                Map<String, Path> entries) {
        FusionModel head = FusionModel.load(runDir.resolve(TrainingService.MODEL_DIR));
        return new Parts(head(head, work, entries), text(head.inputs(), config, cacheRoot, null, work, entries),
                image(head.inputs(), config, cacheRoot, null, entries, work));
    }

    private static Parts fineTuned(Path runDir, ExperimentConfig config, Path cacheRoot, Path work,
                                   Map<String, Path> entries) {
        FineTuneModel tuned = FineTuneModel.load(runDir.resolve(TrainingService.MODEL_DIR), cacheRoot);
        Set<FeatureKind> kinds = FusionHeads.get(tuned.headName()).inputs();
        FusionModel head = FusionModel.build(FusionHeads.get(tuned.headName()), tuned.fusion(), tuned.dims(),
                Standardization.none(), Seeds.of(0), DataType.FLOAT);
        Map<String, INDArray> headValues = new LinkedHashMap<>();
        tuned.parameterSpecs().forEach((name, spec) -> {
            if (spec.group().equals(ParamSpec.HEAD)) {
                headValues.put(name, tuned.parameter(name));
            }
        });
        head.setParameters(headValues, runDir.resolve(TrainingService.MODEL_DIR).toString());
        Map<String, INDArray> textValues = tuned.finetune().text() ? values(tuned, tuned.textWeights()) : null;
        Map<String, INDArray> imageValues = tuned.finetune().image() ? values(tuned, tuned.imageWeights()) : null;
        return new Parts(head(head, work, entries), text(kinds, config, cacheRoot, textValues, work, entries),
                image(kinds, config, cacheRoot, imageValues, entries, work));
    }

    /** ONNX initializer name to its tuned value. */
    private static Map<String, INDArray> values(FineTuneModel tuned, Map<String, String> weights) {
        Map<String, INDArray> out = new LinkedHashMap<>();
        weights.forEach((init, variable) -> out.put(init, tuned.variable(variable)));
        return out;
    }

    private static FusionModel head(FusionModel head, Path work, Map<String, Path> entries) {
        return head(head, BundleLayout.HEAD, work, entries);
    }

    /** Saves {@code head} as the entries of folder {@code prefix}. */
    static FusionModel head(FusionModel head, String prefix, Path work, Map<String, Path> entries) {
        Path dir = work.resolve(prefix);
        head.save(dir);
        entries.put(prefix + FusionModel.MODEL_FILE, dir.resolve(FusionModel.MODEL_FILE));
        entries.put(prefix + FusionModel.PARAMETERS_FILE, dir.resolve(FusionModel.PARAMETERS_FILE));
        return head;
    }

    static BundleManifest.Encoder text(Set<FeatureKind> kinds, ExperimentConfig config, Path cacheRoot,
                                               Map<String, INDArray> tunedValues, Path work, Map<String, Path> entries) {
        return text(BundleLayout.TEXT, kinds, config, cacheRoot, tunedValues, work, entries);
    }

    /** As above, its entries under {@code prefix} (an ensemble's further text encoders). */
    static BundleManifest.Encoder text(String prefix, Set<FeatureKind> kinds, ExperimentConfig config, Path cacheRoot,
                                       Map<String, INDArray> tunedValues, Path work, Map<String, Path> entries) {
        if (!kinds.contains(FeatureKind.TEXT_POOLED) && !kinds.contains(FeatureKind.TEXT_TOKENS)) {
            return null;
        }
        TextConfig tc = config.text();
        List<BundleManifest.Encoder> extra = new ArrayList<>();
        for (int i = 0; i < tc.extraModels().size(); i++) {
            String model = tc.extraModels().get(i);
            // as the feature store read it: the model's own tokenizer, pooling and prefix, the run's max length
            TextConfig own = new TextConfig(model, "", tc.maxLength(), TextConfig.Pooling.AUTO,
                    TextModelChoice.AUTO_PREFIX, List.of(), TextLayers.LAST);
            String key = "text.extra_models[" + i + "]";
            TextModelChoice choice = TextModelChoice.named(model, key);
            extra.add(text(prefix + BundleLayout.EXTRA + i + "/", choice, choice.tokenizerFile(cacheRoot, key), own,
                    cacheRoot, null, List.of(), work, entries));
        }
        TextModelChoice choice = TextModelChoice.of(tc);
        return text(prefix, choice, choice.tokenizerFile(tc.tokenizer(), cacheRoot), tc, cacheRoot, tunedValues, extra,
                work, entries);
    }

    private static BundleManifest.Encoder text(String prefix, TextModelChoice choice, Path tokenizer, TextConfig tc,
                                               Path cacheRoot, Map<String, INDArray> tunedValues,
                                               List<BundleManifest.Encoder> extra, Path work,
                                               Map<String, Path> entries) {
        TextEncoder encoder = TextEncoder.open(choice.source(), choice.pooling(), cacheRoot);
        Map<String, Object> settings = new LinkedHashMap<>(Json.mapper().convertValue(tc, Map.class));
        if (tc.extraModels().isEmpty()) {
            // absent unless used: builds before text.extra_models refuse settings they do not know
            settings.remove(EXTRA_MODELS_SETTING);
        }
        if (TextLayers.isLastOnly(tc.layers())) {
            settings.remove(TEXT_LAYERS_SETTING);
        }
        settings.put("pooling", choice.pooling().name());
        settings.put("prefix", choice.prefix());
        String tokenizerEntry = prefix + tokenizer.getFileName();
        entries.put(tokenizerEntry, tokenizer);
        return encoder(prefix, choice.source().name(), encoder.verifiedGraph(), tunedValues == null ? null
                : TunedGraphs.text(choice.source(), encoder.verifiedGraph(), tunedValues), tokenizerEntry, settings,
                extra.isEmpty() ? null : List.copyOf(extra), work, entries);
    }

    static BundleManifest.Encoder image(Set<FeatureKind> kinds, ExperimentConfig config, Path cacheRoot,
                                                Map<String, INDArray> tunedValues, Map<String, Path> entries,
                                                Path work) {
        if (!kinds.contains(FeatureKind.IMAGE_POOLED) && !kinds.contains(FeatureKind.IMAGE_REGIONS)) {
            return null;
        }
        if (config.image().faces() != ImageConfig.Faces.NONE) {
            throw new UserInputException("image.faces: " + ConfigSchema.yamlEnum(config.image().faces()) + " runs cannot"
                    + " be exported yet: a bundle carries one image encoder, and prediction would lack the face models"
                    + " (train with image.faces: none to export)");
        }
        ImageModelSource source = ImageModelSource.fromConfig(config.image(), cacheRoot);
        // a tuned run's weights go into the graph's variables; a frozen run's graph has constants (faster)
        TranslationOptions.Weights weights = tunedValues == null ? ImageEncoder.INFERENCE_WEIGHTS
                : TranslationOptions.Weights.VARIABLES;
        try (ImageEncoder encoder = ImageEncoder.open(source, config.image(), cacheRoot, weights)) {
            Map<String, Object> settings = new LinkedHashMap<>(Json.mapper().convertValue(config.image(), Map.class));
            // absent unless used: builds before image.layer and image.tta refuse settings they do not know
            if (config.image().layer().isBlank()) {
                settings.remove(LAYER_SETTING);
            }
            if (config.image().tta() == ImageConfig.Tta.NONE) {
                settings.remove(TTA_SETTING);
            }
            settings.remove(FACES_SETTING);
            return encoder(BundleLayout.IMAGE, source.name(), encoder.verifiedGraph(), tunedValues == null ? null
                    : TunedGraphs.image(source.prepare(), encoder.verifiedGraph(), tunedValues), null, settings, null,
                    work, entries);
        }
    }

    private static BundleManifest.Encoder encoder(String prefix, String model, VerifiedGraph graph,
                                                  TunedGraphs.Tuned tuned, String tokenizerEntry,
                                                  Map<String, Object> settings, List<BundleManifest.Encoder> extra,
                                                  Path work, Map<String, Path> entries) {
        Path graphFile = graph.graphFile();
        var entry = graph.entry();
        if (tuned != null) {
            graphFile = work.resolve(prefix + BundleLayout.GRAPH);
            TunedGraphs.save(tuned, graphFile);
            entry = tuned.entry();
        }
        Path entryFile = work.resolve(prefix + BundleLayout.GRAPH_ENTRY);
        Json.write(entryFile, entry);
        entries.put(prefix + BundleLayout.GRAPH, graphFile);
        entries.put(prefix + BundleLayout.GRAPH_ENTRY, entryFile);
        return new BundleManifest.Encoder(model, graph.entry().key().sha256(), prefix + BundleLayout.GRAPH,
                prefix + BundleLayout.GRAPH_ENTRY, tokenizerEntry, settings, tuned != null,
                Json.mapper().convertValue(entry.verification(), Map.class), extra);
    }

    static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return -1;
        }
    }
}
