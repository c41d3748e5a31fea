package io.sentifuse.config;

import io.sentifuse.errors.UserInputException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Turns a {@link ConfigNode} tree into typed records. Strict: a key no record declares, or a value of
 * the wrong type, is a {@link UserInputException} naming the key path, the expected type and where the
 * value was written.
 */
final class ConfigBinder {

    private ConfigBinder() {
    }

    static <R extends Record> R bind(Class<R> type, ConfigNode node, String path) {
        if (!node.isMap()) {
            throw error(path, "a section of keys", node);
        }
        RecordComponent[] components = type.getRecordComponents();
        Map<String, ConfigNode> entries = node.asMap();
        for (Map.Entry<String, ConfigNode> entry : entries.entrySet()) {
            boolean known = Arrays.stream(components)
                    .anyMatch(c -> ConfigSchema.yamlKey(c.getName()).equals(entry.getKey()));
            if (!known) {
                throw unknownKey(path, entry.getKey(), entry.getValue(), components);
            }
        }
        Object[] args = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            RecordComponent component = components[i];
            String key = ConfigSchema.yamlKey(component.getName());
            String childPath = path.isEmpty() ? key : path + "." + key;
            ConfigNode child = entries.get(key);
            if (child == null) {
                throw new IllegalStateException("no value (not even the default) for " + childPath);
            }
            types[i] = component.getType();
            args[i] = ConfigSchema.isSection(component)
                    ? bind(component.getType().asSubclass(Record.class), child, childPath)
                    : convert(component, child, childPath);
        }
        try {
            Constructor<R> constructor = type.getDeclaredConstructor(types);
            return constructor.newInstance(args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof UserInputException u) {
                throw u;
            }
            throw new IllegalStateException("cannot build " + type.getSimpleName() + " at " + path, e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build " + type.getSimpleName() + " at " + path, e);
        }
    }

    private static Object convert(RecordComponent component, ConfigNode node, String path) {
        Class<?> type = component.getType();
        if (type == List.class) {
            if (!node.isList()) {
                throw error(path, "a list", node);
            }
            Class<?> element = ConfigSchema.listElementType(component);
            List<Object> out = new ArrayList<>();
            List<ConfigNode> items = node.asList();
            for (int i = 0; i < items.size(); i++) {
                out.add(scalar(element, items.get(i), path + "[" + i + "]"));
            }
            return List.copyOf(out);
        }
        return scalar(type, node, path);
    }

    private static Object scalar(Class<?> type, ConfigNode node, String path) {
        Object v = node.value();
        if (type == String.class) {
            if (v == null) {
                return "";
            }
            if (node.isMap() || node.isList() || v instanceof Boolean) {
                throw error(path, "a string", node);
            }
            return v.toString();
        }
        if (type == int.class || type == Integer.class || type == long.class) {
            if (!(v instanceof Long l)) {
                throw error(path, "an integer", node);
            }
            if (type != long.class) {
                if (l < Integer.MIN_VALUE || l > Integer.MAX_VALUE) {
                    throw error(path, "an integer between " + Integer.MIN_VALUE + " and " + Integer.MAX_VALUE, node);
                }
                return l.intValue();
            }
            return l;
        }
        if (type == double.class) {
            if (v instanceof Number n) {
                return n.doubleValue();
            }
            if (v instanceof String s) {
                try {
                    // YAML 1.1 reads 1e-4 (no dot) as a string; accept it as the number it clearly is.
                    return Double.parseDouble(s);
                } catch (NumberFormatException ignored) {
                    // falls through to the type error
                }
            }
            throw error(path, "a number", node);
        }
        if (type == boolean.class) {
            if (!(v instanceof Boolean b)) {
                throw error(path, "true or false", node);
            }
            return b;
        }
        if (type.isEnum()) {
            return enumValue(type, node, path);
        }
        throw new IllegalStateException("unsupported config type " + type + " at " + path);
    }

    private static Object enumValue(Class<?> type, ConfigNode node, String path) {
        Enum<?>[] constants = (Enum<?>[]) type.getEnumConstants();
        String allowed = Arrays.stream(constants).map(ConfigSchema::yamlEnum).collect(Collectors.joining(" | "));
        if (node.value() instanceof String s) {
            String wanted = s.trim().toLowerCase(Locale.ROOT).replace('_', '-');
            for (Enum<?> constant : constants) {
                if (ConfigSchema.yamlEnum(constant).equals(wanted)) {
                    return constant;
                }
            }
        }
        throw error(path, "one of " + allowed, node);
    }

    private static UserInputException error(String path, String expected, ConfigNode node) {
        return new UserInputException(node.source() + ": '" + path + "' must be " + expected + ", got "
                + describe(node));
    }

    private static String describe(ConfigNode node) {
        if (node.isMap()) {
            return "a section of keys";
        }
        if (node.isList()) {
            return "a list";
        }
        Object v = node.value();
        if (v == null) {
            return "nothing (null)";
        }
        String kind = v instanceof String ? "text" : v instanceof Boolean ? "a boolean" : "a number";
        return "'" + v + "' (" + kind + ")";
    }

    private static UserInputException unknownKey(String path, String key, ConfigNode node,
                                                 RecordComponent[] components) {
        List<String> known = Arrays.stream(components).map(c -> ConfigSchema.yamlKey(c.getName())).toList();
        String full = path.isEmpty() ? key : path + "." + key;
        String closest = known.stream()
                .min(Comparator.comparingInt(k -> editDistance(k, key)))
                .filter(k -> editDistance(k, key) <= Math.max(2, key.length() / 3))
                .map(k -> " (did you mean '" + k + "'?)")
                .orElse("");
        String where = path.isEmpty() ? "at the top level" : "in section '" + path + "'";
        return new UserInputException(node.source() + ": unknown key '" + full + "'" + closest
                + "; keys allowed " + where + ": " + String.join(", ", known));
    }

    private static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
