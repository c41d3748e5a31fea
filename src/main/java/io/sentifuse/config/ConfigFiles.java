package io.sentifuse.config;

import io.sentifuse.errors.UserInputException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The configuration machinery for other kinds of YAML files (sweep files): read a file into nodes that remember
 * their {@code file:line}, bind a section to a typed record as strictly as experiment files (unknown keys and
 * wrong types name the key and the line; missing keys take the record's {@link Default}s), and look up which
 * settings an experiment has.
 * Sweep files and the ablation plan read their {@code set} sections through {@link #overrides}.
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

    /**
     * A section of dotted settings ({@code training.lr: 3.0e-4}) as {@code key=value} overrides, in order; a key
     * that is no setting of an experiment, or a value that is not one scalar, is bad input naming its line.
     *
     * @param what the section's name in messages ({@code set})
     */
    public static List<String> overrides(ConfigNode section, String what) {
        if (!section.isMap()) {
            throw new UserInputException(section.source() + ": '" + what + "' must be a section of setting: value, "
                    + "e.g. training.epochs: 10");
        }
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, ConfigNode> e : section.asMap().entrySet()) {
            checkSetting(e.getKey(), e.getValue().source());
            ConfigNode v = e.getValue();
            boolean listSetting = settingType(e.getKey()).orElseThrow() == List.class;
            if (v.isList() && listSetting && v.asList().stream().noneMatch(i -> i.isMap() || i.isList())) {
                // a list setting (text.extra_models) as the flow list --set reads back
                out.add(e.getKey() + "=" + v.asList().stream().map(i -> renderItem(i.value()))
                        .collect(java.util.stream.Collectors.joining(", ", "[", "]")));
                continue;
            }
            if (v.isMap() || v.isList()) {
                throw new UserInputException(v.source() + ": " + what + " '" + e.getKey() + "' must be "
                        + (listSetting ? "a list of values" : "one value"));
            }
            out.add(e.getKey() + "=" + render(v.value()));
        }
        return out;
    }

    /** Bad input naming {@code source} unless {@code key} is a setting of an experiment (dotted). */
    public static void checkSetting(String key, String source) {
        if (settingType(key).isEmpty()) {
            String closest = settingKeys().stream()
                    .filter(k -> k.endsWith("." + key.substring(key.lastIndexOf('.') + 1)) || k.equals(key))
                    .findFirst().map(k -> " (did you mean '" + k + "'?)").orElse("");
            throw new UserInputException(source + ": '" + key + "' is not a setting of an experiment" + closest
                    + "; settings are written with dots, e.g. training.lr, fusion.head (see experiments/base.yaml)");
        }
    }

    /** A list item as a flow list holds it: strings YAML would read otherwise (commas, brackets, quotes) quoted. */
    private static String renderItem(Object value) {
        if (!(value instanceof String s) || s.matches("[A-Za-z0-9_./@+-]+")) {
            return render(value);
        }
        return "'" + s.replace("'", "''") + "'";
    }

    /** A value as {@code --set} writes it (numbers keep a dot or exponent, so YAML reads them back the same). */
    public static String render(Object value) {
        if (value instanceof Double d) {
            return Double.toString(d);
        }
        return String.valueOf(value);
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
