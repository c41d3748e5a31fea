package io.sentifuse.bundle;

import io.sentifuse.cache.CacheRoot;
import io.sentifuse.config.ConfigSchema;
import io.sentifuse.config.ExperimentConfig;
import io.sentifuse.config.TextConfig;
import io.sentifuse.config.TrainingConfig;
import io.sentifuse.errors.UserInputException;
import io.sentifuse.features.FeatureKind;
import io.sentifuse.files.AtomicFiles;
import io.sentifuse.files.Json;
import io.sentifuse.fusion.FusionModel;
import io.sentifuse.system.Versions;
import io.sentifuse.train.TrainingService;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code sentifuse export RUN_DIR RUN_DIR ...}: several finished frozen-feature runs as one ensemble bundle. The
 * members share one image encoder (their {@code image.*} settings must be equal); members whose {@code text.*}
 * settings differ from the first member's (another text encoder, pooling, prefix or length) bring their own text
 * encoder, one per distinct setting ({@code texts/<i>/}, format version {@value BundleFiles#MIXED_VERSION}). The
 * bundle predicts the equal-weight average of the heads' probabilities. Fine-tuned runs are refused: each carries its
 * own encoder weights.
 */
final class EnsembleExporter {

    /** The head name an ensemble bundle reports. */
    static final String HEAD = "ensemble";

    private static final Logger LOG = LoggerFactory.getLogger(EnsembleExporter.class);

    private EnsembleExporter() {
    }

    static ExportResult export(List<Path> sources, Path out) {
        long started = System.nanoTime();
        List<Path> runs = new ArrayList<>();
        List<ExperimentConfig> configs = new ArrayList<>();
        if (new java.util.HashSet<>(sources).size() != sources.size()) {
            throw new UserInputException("an ensemble names a run twice: " + sources);
        }
        for (Path source : sources) {
            Path run = Exporter.runOf(source, new LinkedHashMap<>());
            ExperimentConfig c = Exporter.finishedConfig(run);
            if (c.training().mode() != TrainingConfig.Mode.FROZEN) {
                throw new UserInputException("ensemble member " + run + " was trained with training.mode "
                        + ConfigSchema.yamlEnum(c.training().mode()) + ": an ensemble combines frozen-feature runs, "
                        + "which share their encoders");
            }
            if (!runs.isEmpty()) {
                same(runs.get(0), run, "image", configs.get(0).image(), c.image());
            }
            runs.add(run);
            configs.add(c);
        }
        Path cacheRoot = CacheRoot.resolve(configs.get(0).output().cacheDir());
        Path work = Exporter.workFolder();
        try {
            Map<String, Path> entries = new LinkedHashMap<>();
            Set<FeatureKind> kinds = EnumSet.noneOf(FeatureKind.class);
            List<BundleManifest.Member> members = new ArrayList<>();
            FusionModel first = null;
            // members on other text settings than the first bring their own text encoder, one per distinct setting
            Map<TextConfig, BundleManifest.Encoder> otherTexts = new LinkedHashMap<>();
            Set<FeatureKind> firstTextKinds = EnumSet.noneOf(FeatureKind.class);
            for (int i = 0; i < runs.size(); i++) {
                String prefix = i == 0 ? BundleLayout.HEAD : BundleLayout.HEADS + i + "/";
                FusionModel head = Exporter.head(FusionModel.load(runs.get(i).resolve(TrainingService.MODEL_DIR)),
                        prefix, work, entries);
                Exporter.runFiles(runs.get(i), i == 0 ? BundleLayout.RUN : prefix + BundleLayout.RUN, entries);
                kinds.addAll(head.inputs());
                TextConfig textConfig = configs.get(i).text();
                BundleManifest.Encoder own = null;
                if (textConfig.equals(configs.get(0).text())) {
                    firstTextKinds.addAll(head.inputs());
                } else if (otherTexts.containsKey(textConfig)) {
                    own = otherTexts.get(textConfig);
                } else {
                    own = Exporter.text(BundleLayout.TEXTS + i + "/", head.inputs(), configs.get(i),
                            CacheRoot.resolve(configs.get(i).output().cacheDir()), null, work, entries);
                    if (own != null) {
                        otherTexts.put(textConfig, own);
                    }
                }
                members.add(new BundleManifest.Member(head.headName(), prefix, runs.get(i).toString(),
                        Exporter.metrics(runs.get(i)), own));
                if (i == 0) {
                    first = head;
                }
            }
            BundleManifest.Encoder text = Exporter.text(firstTextKinds, configs.get(0), cacheRoot, null, work,
                    entries);
            BundleManifest.Encoder image = Exporter.image(kinds, configs.get(0), cacheRoot, null, entries, work);
            Map<String, Object> origin = new LinkedHashMap<>();
            origin.put("run_dirs", runs.stream().map(Path::toString).toList());
            boolean joined = Exporter.usesEncoderOptions(text, image)
                    || otherTexts.values().stream().anyMatch(Exporter::textUsesOptions);
            BundleManifest manifest = new BundleManifest(BundleFiles.FORMAT, joined ? BundleFiles.ENCODER_OPTIONS_VERSION
                    : otherTexts.isEmpty() ? BundleFiles.ENSEMBLE_VERSION : BundleFiles.MIXED_VERSION,
                    Instant.now().toString(), Versions.sentifuse(), ConfigSchema.yamlEnum(TrainingConfig.Mode.FROZEN),
                    HEAD, Exporter.classes(), Map.of(), Json.mapper().convertValue(first.dims(), Map.class),
                    !first.standardization().asArrays().isEmpty(), first.exposedOutputs(), text, image, Map.of(),
                    origin, Map.of(), members);
            BundleManifest written = BundleFiles.write(out, manifest, entries);
            double seconds = (System.nanoTime() - started) / 1e9;
            LOG.info("exported an ensemble of {} runs ({} entries) to {} in {} s", runs.size(),
                    written.entries().size(), out, Math.round(seconds));
            Map<String, Object> metrics = new LinkedHashMap<>();
            members.forEach(m -> metrics.put(m.entry(), m.metrics()));
            return new ExportResult(out.toString(), BundleFiles.sha256(out), Exporter.size(out), HEAD,
                    manifest.mode(), runs.get(0).toString(), origin, metrics, Math.round(seconds * 10) / 10.0);
        } finally {
            AtomicFiles.deleteTree(work);
        }
    }

    private static void same(Path firstRun, Path run, String section, Object first, Object other) {
        if (!first.equals(other)) {
            throw new UserInputException("ensemble members " + firstRun + " and " + run + " use different " + section
                    + ".* settings (" + first + " vs " + other + "): the members of an ensemble share one " + section
                    + " encoder");
        }
    }
}
