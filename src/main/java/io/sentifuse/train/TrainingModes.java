package io.sentifuse.train;

import io.sentifuse.config.ConfigSchema;
import io.sentifuse.config.TrainingConfig;
import io.sentifuse.errors.UserInputException;
import io.sentifuse.features.FeatureSources;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * The {@link TrainingMode} of each {@code training.mode} a build offers, given explicitly where the application
 * is wired ({@code io.sentifuse.app.Services}: frozen features and end-to-end fine-tuning).
 */
public final class TrainingModes {

    private final Map<TrainingConfig.Mode, TrainingMode> modes;

    private TrainingModes(Map<TrainingConfig.Mode, TrainingMode> modes) {
        this.modes = Collections.unmodifiableMap(modes);
    }

    /** The modes given; two for one {@code training.mode} are a programming error. */
    public static TrainingModes of(TrainingMode... modes) {
        Map<TrainingConfig.Mode, TrainingMode> map = new EnumMap<>(TrainingConfig.Mode.class);
        for (TrainingMode m : modes) {
            if (map.putIfAbsent(m.mode(), m) != null) {
                throw new IllegalArgumentException("two training modes serve " + m.mode());
            }
        }
        return new TrainingModes(map);
    }

    /** The feature providers of frozen-feature training, or null when this build has no such mode. */
    public FeatureSources frozenSources() {
        return modes.get(TrainingConfig.Mode.FROZEN) instanceof FrozenMode f ? f.sources() : null;
    }

    /** The mode's implementation; a {@link UserInputException} when this build has none. */
    public TrainingMode get(TrainingConfig.Mode mode) {
        TrainingMode m = modes.get(mode);
        if (m == null) {
            throw new UserInputException("training.mode: " + ConfigSchema.yamlEnum(mode)
                    + " is not available in this build; available: " + modes.keySet().stream()
                    .map(ConfigSchema::yamlEnum).toList());
        }
        return m;
    }
}
