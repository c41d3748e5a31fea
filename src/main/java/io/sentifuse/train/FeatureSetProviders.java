package io.sentifuse.train;

import io.sentifuse.errors.UserInputException;
import io.sentifuse.repro.Seeds;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * Feature providers by the name {@code training.features} uses. Adding one: a class implementing
 * {@link FeatureSetProvider}, one line in the static block (or {@link #register} from other code).
 */
public final class FeatureSetProviders {

    /** The frozen-encoder feature cache of {@code data.path}. */
    public static final String CACHE = "cache";
    /** A generated task ({@code training.synthetic}); ignores {@code data.*}, {@code text.*}, {@code image.*}. */
    public static final String SYNTHETIC = "synthetic";

    private static final Map<String, FeatureSetProvider> PROVIDERS = Collections.synchronizedMap(new LinkedHashMap<>());

    static {
        register(SYNTHETIC, (config, kinds) ->
                SyntheticFeatures.generate(config.training().synthetic(), Seeds.of(config.seed())));
        // providers in other packages (the feature cache) register through ServiceLoader, so this package
        // does not depend on theirs
        for (Named provider : ServiceLoader.load(Named.class)) {
            register(provider.name(), provider);
        }
    }

    private FeatureSetProviders() {
    }

    /**
     * A provider that registers itself: list the class in
     * {@code META-INF/services/io.sentifuse.train.FeatureSetProviders$Named}.
     */
    public interface Named extends FeatureSetProvider {
        /** The {@code training.features} value that selects it. */
        String name();
    }

    /** Adds or replaces the provider called {@code name}. */
    public static void register(String name, FeatureSetProvider provider) {
        PROVIDERS.put(name, provider);
    }

    public static FeatureSetProvider get(String name) {
        FeatureSetProvider p = PROVIDERS.get(name);
        if (p == null) {
            throw new UserInputException("training.features: unknown feature source '" + name + "'; known: "
                    + String.join(", ", names()));
        }
        return p;
    }

    public static Set<String> names() {
        synchronized (PROVIDERS) {
            return Set.copyOf(PROVIDERS.keySet());
        }
    }
}
