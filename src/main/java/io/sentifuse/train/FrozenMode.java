package io.sentifuse.train;

import io.sentifuse.config.ExperimentConfig;
import io.sentifuse.config.TrainingConfig;
import io.sentifuse.errors.UserInputException;
import io.sentifuse.features.FeatureBatch;
import io.sentifuse.features.FeatureBatches;
import io.sentifuse.features.FeatureSet;
import io.sentifuse.features.FeatureSources;
import io.sentifuse.features.FeatureSplits;
import io.sentifuse.fusion.FusionHead;
import io.sentifuse.fusion.FusionHeads;
import io.sentifuse.fusion.FusionModel;
import io.sentifuse.fusion.Standardization;
import io.sentifuse.seeds.Seeds;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code training.mode: frozen}: a {@link FusionModel} over the features the configured
 * {@link io.sentifuse.features.FeatureSetProvider} ({@code training.features}) supplies, standardised with the training part's
 * statistics when {@code fusion.standardize} is on.
 */
public final class FrozenMode implements TrainingMode {

    private final FeatureSources sources;

    /** Frozen-feature training over the features {@code sources} offer by name. */
    public FrozenMode(FeatureSources sources) {
        this.sources = sources;
    }

    /** The feature providers this mode reads from. */
    public FeatureSources sources() {
        return sources;
    }

    @Override
    public TrainingConfig.Mode mode() {
        return TrainingConfig.Mode.FROZEN;
    }

    @Override
    public Prepared<FeatureBatch> prepare(ExperimentConfig config, Optional<Path> checkpoint) {
        FusionHead head = FusionHeads.get(config.fusion().head());
        FeatureSplits data = sources.get(config.training().features()).load(config, head.inputs());
        checkData(data, head);
        FusionModel model = checkpoint.map(FusionModel::load).orElseGet(() -> {
            Standardization st = config.fusion().standardize()
                    ? Standardization.fit(data.train(), head.inputs()) : Standardization.none();
            return FusionModel.build(config.fusion(), data.train().dims(), st, Seeds.of(config.seed()));
        });
        Seeds seeds = Seeds.of(config.seed());
        // the provider's sections (dataset, split, encoder stores ...) sit at the top level of provenance.json
        Map<String, Object> provenance = new LinkedHashMap<>(data.provenance());
        provenance.put("features", featureProvenance(config, data, head));
        return new Prepared<>(model, new TrainingData<>(new FeatureBatches(data.train(), head.inputs(), seeds),
                new FeatureBatches(data.validation(), head.inputs(), seeds),
                data.test().map(t -> new FeatureBatches(t, head.inputs(), seeds)),
                Collections.unmodifiableMap(provenance)));
    }

    private static Map<String, Object> featureProvenance(ExperimentConfig config, FeatureSplits data, FusionHead head) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("source", config.training().features());
        out.put("kinds", head.inputs().stream().map(k -> k.name().toLowerCase(Locale.ROOT)).sorted().toList());
        out.put("dims", data.train().dims());
        out.put("train_examples", data.train().size());
        out.put("val_examples", data.validation().size());
        data.test().ifPresent(t -> out.put("test_examples", t.size()));
        return out;
    }

    private static void checkData(FeatureSplits data, FusionHead head) {
        List<FeatureSet> parts = new ArrayList<>(List.of(data.train(), data.validation()));
        data.test().ifPresent(parts::add);
        for (FeatureSet part : parts) {
            if (!part.kinds().containsAll(head.inputs())) {
                throw new UserInputException("fusion.head " + head.name() + " needs features " + head.inputs()
                        + " but the feature source provides " + part.kinds());
            }
        }
        if (data.train().size() == 0 || data.validation().size() == 0) {
            throw new UserInputException("the training and validation parts must not be empty (got "
                    + data.train().size() + " and " + data.validation().size() + " examples)");
        }
    }
}
