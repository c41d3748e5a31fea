package io.sentifuse.features.store;

import io.sentifuse.config.DataConfig.ItemPolicy;
import io.sentifuse.config.ExperimentConfig;
import io.sentifuse.config.TextConfig;
import io.sentifuse.data.CheckedDataset;
import io.sentifuse.data.Split;
import io.sentifuse.encoder.TextModelChoice;
import io.sentifuse.errors.UserInputException;
import io.sentifuse.features.FeatureKind;
import io.sentifuse.features.FeatureSet;
import io.sentifuse.features.FeatureSetProvider;
import io.sentifuse.features.FeatureSplits;
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
public final class CacheFeatureProvider implements FeatureSetProvider {

    private static final Logger LOG = LoggerFactory.getLogger(CacheFeatureProvider.class);

    @Override
    public FeatureSplits load(ExperimentConfig config, Set<FeatureKind> kinds) {
        boolean wantText = kinds.contains(FeatureKind.TEXT_POOLED) || kinds.contains(FeatureKind.TEXT_TOKENS);
        // The image store is obtained even for text-only heads: it is what knows which images cannot be read,
        // and leaving those pairs out of every head keeps all heads' figures on the same examples.
        FeaturePreparation.Prepared prepared =
                FeaturePreparation.prepare(config, wantText, true, new LoggingFillListener());
        CheckedDataset checked = prepared.dataset().requireLabels("training");
        Map<String, String> unreadable = prepared.image().missingPairs();
        if (config.data().itemPolicy() == ItemPolicy.FAIL && !unreadable.isEmpty()) {
            var first = unreadable.entrySet().iterator().next();
            throw new UserInputException("pair " + first.getKey() + ": image cannot be read: " + first.getValue()
                    + " (" + unreadable.size() + " such pairs; data.item_policy is fail, set it to skip to leave them out)");
        }
        Split split = checked.split(config.data(), config.seed());
        Map<String, String> skipped = new LinkedHashMap<>();
        // the pooled vector the head reads: the preset's own under pooling auto (a head without text never
        // looks at text.model, so an image-only run does not need the text model to exist)
        TextModelChoice text = wantText ? TextModelChoice.of(config.text()) : null;
        TextConfig.Pooling pooling = text == null ? TextConfig.Pooling.MEAN : text.pooling();
        FeatureSet train = part(checked, split.ids(Split.TRAIN), prepared, pooling, skipped);
        FeatureSet validation = part(checked, split.ids(split.validationPart()), prepared, pooling, skipped);
        Optional<FeatureSet> test = split.parts().containsKey(Split.TEST)
                ? Optional.of(part(checked, split.ids(Split.TEST), prepared, pooling, skipped)) : Optional.empty();
        if (!skipped.isEmpty()) {
            LOG.warn("{} pairs left out because their image could not be read: {}", skipped.size(), skipped.keySet());
        }
        return new FeatureSplits(train, validation, test, provenance(prepared, split, skipped, text));
    }

    /** The records of {@code ids} whose image could be read, as features. */
    private static FeatureSet part(CheckedDataset checked, List<String> ids, FeaturePreparation.Prepared prepared,
                                   TextConfig.Pooling pooling, Map<String, String> skipped) {
        List<String> usable = new ArrayList<>(ids.size());
        for (String id : ids) {
            String problem = prepared.image().missing(id);
            if (problem == null) {
                usable.add(id);
            } else {
                skipped.put(id, problem);
            }
        }
        return new CachedFeatureSet(checked.reader().part(usable), prepared.text(), prepared.image(), pooling,
                prepared.extraTexts());
    }

    static Map<String, Object> provenance(FeaturePreparation.Prepared prepared, Split split, Map<String, String> skipped,
                                          TextModelChoice choice) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("dataset", prepared.dataset().provenance());
        p.put("split", split.provenance());
        if (prepared.text() != null && choice != null) {
            Map<String, Object> text = store(prepared.text());
            text.put("pooling", choice.pooling().name().toLowerCase(java.util.Locale.ROOT));
            text.put("prefix", choice.prefix());
            if (!prepared.extraTexts().isEmpty()) {
                List<Map<String, Object>> extra = new ArrayList<>();
                for (FeaturePreparation.ExtraText e : prepared.extraTexts()) {
                    Map<String, Object> x = store(e.store());
                    x.put("pooling", e.choice().pooling().name().toLowerCase(java.util.Locale.ROOT));
                    x.put("prefix", e.choice().prefix());
                    extra.add(x);
                }
                // the pooled vector the head reads is text.model's followed by these, in order
                text.put("extra_models", extra);
            }
            p.put("text_features", text);
        }
        if (prepared.image() != null) {
            Map<String, Object> image = store(prepared.image());
            if (prepared.image().joinedStore() != null) {
                // image.faces: the vector appended to the CNN's pooled vector and to each region
                image.put("joined", store(prepared.image().joinedStore()));
            }
            p.put("image_features", image);
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
