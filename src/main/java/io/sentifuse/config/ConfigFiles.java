package io.sentifuse.config;

import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The configuration machinery for other kinds of YAML files (sweep files): read a file into nodes that remember
 * their {@code file:line}, bind a section to a typed record as strictly as experiment files (unknown keys and
 * wrong types name the key and the line; missing keys take the record's {@link Default}s), and look up which
 * settings an experiment has.
 */
public final class ConfigFiles {

    private ConfigFiles() {
    }

    /** The YAML document in {@code file} (a mapping at the top level). */
    public static ConfigNode read(Path file) {
        return YamlReader.readFile(file);
    }

    /** One scalar as YAML types it ({@code 3} is an integer, {@code 1e-3} a number ...), for {@code source}. */
    public static ConfigNode scalar(String text, String source) {
        return YamlReader.readScalar(text, source);
    }

    /**
     * {@code node} bound to {@code type} over its defaults.
     *
     * @param path the key path of the section, for messages ({@code ""} at the top level)
     */
    public static <R extends Record> R bind(Class<R> type, ConfigNode node, String path) {
        return ConfigBinder.bind(type, ConfigNode.merge(ConfigSchema.defaults(type), node), path);
    }

    /** The Java type of the experiment setting {@code key} ({@code training.lr}), or empty when there is none. */
    public static Optional<Class<?>> settingType(String key) {
        Class<?> type = ExperimentConfig.class;
        String[] parts = key.split("\\.", -1);
        for (int i = 0; i < parts.length; i++) {
            RecordComponent found = null;
            for (RecordComponent c : type.getRecordComponents()) {
                if (ConfigSchema.yamlKey(c.getName()).equals(parts[i])) {
                    found = c;
                }
            }
            if (found == null) {
                return Optional.empty();
            }
            boolean last = i == parts.length - 1;
            if (ConfigSchema.isSection(found) == last) {
                return Optional.empty();
            }
            type = found.getType();
        }
        return Optional.of(type);
    }

    /** Every scalar setting of an experiment, as dotted keys in declaration order. */
    public static List<String> settingKeys() {
        List<String> out = new ArrayList<>();
        collect(ExperimentConfig.class, "", out);
        return out;
    }

    private static void collect(Class<?> type, String prefix, List<String> out) {
        for (RecordComponent c : type.getRecordComponents()) {
            String key = prefix + ConfigSchema.yamlKey(c.getName());
            if (ConfigSchema.isSection(c)) {
                collect(c.getType(), key + ".", out);
            } else {
                out.add(key);
            }
        }
    }
}
