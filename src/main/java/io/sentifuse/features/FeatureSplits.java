package io.sentifuse.features;

import java.util.Map;
import java.util.Optional;

/**
 * The parts of one split as feature sets, plus what a run should record about where they came from.
 *
 * @param train       the part the model learns from (also the source of standardisation statistics)
 * @param validation  the part that selects the best epoch and early-stops
 * @param test        the held-out part of the standard protocol, when there is one (never used for selection)
 * @param provenance  sections for the run's provenance.json, each stored under its key at the top level
 *                    (the cache: dataset, split, text_features, image_features, skipped_pairs)
 */
public record FeatureSplits(FeatureSet train, FeatureSet validation, Optional<FeatureSet> test,
                            Map<String, Object> provenance) {

    public FeatureSplits {
        if (!train.dims().equals(validation.dims())) {
            throw new IllegalArgumentException("train dims " + train.dims() + " differ from validation dims "
                    + validation.dims());
        }
        test.ifPresent(t -> {
            if (!t.dims().equals(train.dims())) {
                throw new IllegalArgumentException("train dims " + train.dims() + " differ from test dims " + t.dims());
            }
        });
        provenance = Map.copyOf(provenance);
    }
}
