package io.sentifuse.train;

import io.sentifuse.config.ConfigSchema;
import io.sentifuse.config.TrainingConfig;
import io.sentifuse.errors.UserInputException;
import java.util.EnumMap;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * The {@link TrainingMode} of each {@code training.mode}: {@code frozen} here; others (end-to-end fine-tuning)
 * register through {@link ServiceLoader} ({@code META-INF/services/io.sentifuse.train.TrainingMode}) so this
 * package does not depend on theirs.
 */
public final class TrainingModes {

    private static final Map<TrainingConfig.Mode, TrainingMode> MODES = new EnumMap<>(TrainingConfig.Mode.class);

    static {
        add(new FrozenMode());
        for (TrainingMode mode : ServiceLoader.load(TrainingMode.class)) {
            add(mode);
        }
    }

    private TrainingModes() {
    }

    private static void add(TrainingMode mode) {
        if (MODES.putIfAbsent(mode.mode(), mode) != null) {
            throw new IllegalStateException("two training modes serve " + mode.mode());
        }
    }

    /** The mode's implementation; a {@link UserInputException} when this build has none. */
    public static TrainingMode get(TrainingConfig.Mode mode) {
        TrainingMode m = MODES.get(mode);
        if (m == null) {
            throw new UserInputException("training.mode: " + ConfigSchema.yamlEnum(mode)
                    + " is not available in this build; available: " + MODES.keySet().stream()
                    .map(ConfigSchema::yamlEnum).toList());
        }
        return m;
    }
}
