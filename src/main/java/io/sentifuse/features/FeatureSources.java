package io.sentifuse.features;

import io.sentifuse.errors.UserInputException;
import io.sentifuse.seeds.Seeds;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The feature providers a build offers, by the name {@code training.features} uses. Built explicitly where
 * the application is wired ({@code io.sentifuse.app.Services}); adding a provider is a class implementing
 * {@link FeatureSetProvider} and one entry there.
 */
public final class FeatureSources {

    /** The frozen-encoder feature cache of {@code data.path}. */
    public static final String CACHE = "cache";
    /** A generated task ({@code training.synthetic}); ignores {@code data.*}, {@code text.*}, {@code image.*}. */
    public static final String SYNTHETIC = "synthetic";

    /** The generated task of {@link SyntheticFeatures}, as a provider. */
    public static final FeatureSetProvider SYNTHETIC_PROVIDER = (config, kinds) ->
            SyntheticFeatures.generate(config.training().synthetic(), Seeds.of(config.seed()));

    private final Map<String, FeatureSetProvider> providers;

    private FeatureSources(Map<String, FeatureSetProvider> providers) {
        this.providers = Collections.unmodifiableMap(new LinkedHashMap<>(providers));
    }

    /** The providers of {@code providers}, by name. */
    public static FeatureSources of(Map<String, FeatureSetProvider> providers) {
        return new FeatureSources(providers);
    }

    /** These providers plus {@code name} (e.g. a test's own). */
    public FeatureSources with(String name, FeatureSetProvider provider) {
        Map<String, FeatureSetProvider> all = new LinkedHashMap<>(providers);
        all.put(name, provider);
        return new FeatureSources(all);
    }

    /** The provider {@code training.features} names; an unknown name is bad input listing the known ones. */
    public FeatureSetProvider get(String name) {
        FeatureSetProvider p = providers.get(name);
        if (p == null) {
            throw new UserInputException("training.features: unknown feature source '" + name + "'; known: "
                    + String.join(", ", providers.keySet()));
        }
        return p;
    }
}
