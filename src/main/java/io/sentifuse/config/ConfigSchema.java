package io.sentifuse.config;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The shape of the configuration as the records declare it: YAML key names, defaults and docs.
 * Keys are the record component names in snake_case; enum values are lower case with '-'.
 */
public final class ConfigSchema {

    /** Source recorded for values that come from {@link Default} annotations. */
    public static final String DEFAULT_SOURCE = "built-in default";

    private ConfigSchema() {
    }

    /** {@code batchSize} -> {@code batch_size}. */
    public static String yamlKey(String componentName) {
        StringBuilder out = new StringBuilder();
        for (char c : componentName.toCharArray()) {
            if (Character.isUpperCase(c)) {
                out.append('_').append(Character.toLowerCase(c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** {@code WEIGHTED_F1} -> {@code weighted-f1}. */
    public static String yamlEnum(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Whether a component is a nested section rather than a scalar setting. */
    static boolean isSection(RecordComponent component) {
        return component.getType().isRecord();
    }

    /** The element type of a {@code List<T>} component. */
    static Class<?> listElementType(RecordComponent component) {
        Type generic = component.getGenericType();
        if (generic instanceof ParameterizedType p && p.getActualTypeArguments()[0] instanceof Class<?> c) {
            return c;
        }
        throw new IllegalStateException("list component without element type: " + component);
    }

    /** The whole default configuration as a node tree built from the {@link Default} annotations. */
    public static ConfigNode defaults(Class<? extends Record> type) {
        Map<String, ConfigNode> entries = new LinkedHashMap<>();
        for (RecordComponent component : type.getRecordComponents()) {
            String key = yamlKey(component.getName());
            if (isSection(component)) {
                @SuppressWarnings("unchecked")
                Class<? extends Record> section = (Class<? extends Record>) component.getType();
                entries.put(key, defaults(section));
            } else {
                Default annotation = component.getAnnotation(Default.class);
                if (annotation == null) {
                    throw new IllegalStateException(type.getSimpleName() + "." + component.getName()
                            + " has no @Default: every setting declares its default once");
                }
                entries.put(key, YamlReader.readScalar(annotation.value(), DEFAULT_SOURCE));
            }
        }
        return ConfigNode.map(entries, DEFAULT_SOURCE);
    }

    private static void collect(Class<? extends Record> type, String prefix, List<String> out) {
        for (RecordComponent component : type.getRecordComponents()) {
            String path = prefix + yamlKey(component.getName());
            if (isSection(component)) {
                @SuppressWarnings("unchecked")
                Class<? extends Record> section = (Class<? extends Record>) component.getType();
                collect(section, path + ".", out);
            } else {
                out.add(path);
            }
        }
    }
}
