package io.sentifuse.features;

import io.sentifuse.config.DataConfig.ItemPolicy;
import io.sentifuse.config.ExperimentConfig;
import io.sentifuse.data.CheckedDataset;
import io.sentifuse.data.Pair;
import io.sentifuse.data.Split;
import io.sentifuse.errors.UserInputException;
import io.sentifuse.train.FeatureKind;
import io.sentifuse.train.FeatureSet;
import io.sentifuse.train.FeatureSetProviders;
import io.sentifuse.train.FeatureSplits;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code training.features: cache}: the split parts of {@code data.path} as features from the frozen encoders'
 * stores, filling the stores first where needed. Text features are computed only for heads that read text.
 * Pairs whose image could not be read are left out of every part for every head (listed in provenance), or stop
 * the run under {@code data.item_policy: fail}.
 */
public final class CacheFeatureProvider implements FeatureSetProviders.Named {

    @Override
    public String name() {
        return FeatureSetProviders.CACHE;
    }


    private static final Logger LOG = LoggerFactory.getLogger(CacheFeatureProvider.class);

    @Override
    public FeatureSplits load(ExperimentConfig config, Set<FeatureKind> kinds) {
        boolean wantText = kinds.contains(FeatureKind.TEXT_POOLED) || kinds.contains(FeatureKind.TEXT_TOKENS);
        // The image store is obtained even for text-only heads: it is what knows which images cannot be read,
        // and leaving those pairs out of every head keeps all heads' figures on the same examples.
        FeaturePreparation.Prepared prepared =
                FeaturePreparation.prepare(config, wantText, true, new LoggingFillListener(), false);
        Map<String, String> unreadable = prepared.image().missingPairs();
        if (config.data().itemPolicy() == ItemPolicy.FAIL && !unreadable.isEmpty()) {
            var first = unreadable.entrySet().iterator().next();
            throw new UserInputException("pair " + first.getKey() + ": image cannot be read: " + first.getValue()
                    + " (" + unreadable.size() + " such pairs; data.item_policy is fail, set it to skip to leave them out)");
        }
        Split split = Split.forRun(config.data().splitFile(), config.data().protocol(), config.seed(),
                prepared.dataset(), prepared.datasetChecksum());
        Map<String, List<Pair>> parts = split.resolve(prepared.dataset());
        Map<String, String> skipped = new LinkedHashMap<>();
        FeatureSet train = part(parts.get(Split.TRAIN), prepared, config, skipped);
        List<Pair> validationPairs = parts.containsKey(Split.VAL) ? parts.get(Split.VAL) : parts.get(Split.DEV);
        FeatureSet validation = part(validationPairs, prepared, config, skipped);
        Optional<FeatureSet> test = parts.containsKey(Split.TEST)
                ? Optional.of(part(parts.get(Split.TEST), prepared, config, skipped)) : Optional.empty();
        if (!skipped.isEmpty()) {
            LOG.warn("{} pairs left out because their image could not be read: {}", skipped.size(), skipped.keySet());
        }
        return new FeatureSplits(train, validation, test, provenance(prepared, split, skipped));
    }

    private static FeatureSet part(List<Pair> pairs, FeaturePreparation.Prepared prepared, ExperimentConfig config,
                                   Map<String, String> skipped) {
        List<Pair> usable = new ArrayList<>(pairs.size());
        for (Pair p : pairs) {
            String problem = prepared.image().missing(p.id());
            if (problem == null) {
                usable.add(p);
            } else {
                skipped.put(p.id(), problem);
            }
        }
        return new CachedFeatureSet(usable, prepared.text(), prepared.image(), config.text().pooling());
    }

    static Map<String, Object> provenance(FeaturePreparation.Prepared prepared, Split split, Map<String, String> skipped) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("dataset", new CheckedDataset(prepared.dataset(), prepared.datasetChecksum()).provenance());
        p.put("split", split.provenance());
        if (prepared.text() != null) {
            p.put("text_features", store(prepared.text()));
        }
        if (prepared.image() != null) {
            p.put("image_features", store(prepared.image()));
        }
        p.put("skipped_pairs", skipped);
        return p;
    }

    private static Map<String, Object> store(MappedStore store) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("store", store.dir().toString());
        s.put("key", store.key());
        s.put("dim", store.dim());
        s.putAll(store.provenance());
        return s;
    }
}
