package io.sentifuse.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed YAML value that remembers where it came from ({@code file:line}, {@code --set ...} or the
 * built-in default), so every error can point at the line the user wrote.
 *
 * @param value  a {@code Map<String, ConfigNode>}, a {@code List<ConfigNode>}, or a scalar
 *               ({@code String}, {@code Long}, {@code Double}, {@code Boolean}) or {@code null}
 * @param source where the value was written
 */
public record ConfigNode(Object value, String source) {

    /** A mapping node with the given entries (kept in order). */
    public static ConfigNode map(Map<String, ConfigNode> entries, String source) {
        return new ConfigNode(Collections.unmodifiableMap(new LinkedHashMap<>(entries)), source);
    }

    public boolean isMap() {
        return value instanceof Map;
    }

    public boolean isList() {
        return value instanceof List;
    }

    @SuppressWarnings("unchecked")
    public Map<String, ConfigNode> asMap() {
        return (Map<String, ConfigNode>) value;
    }

    @SuppressWarnings("unchecked")
    public List<ConfigNode> asList() {
        return (List<ConfigNode>) value;
    }

    /**
     * {@code overlay} merged over {@code base}: mappings merge key by key (recursively); anything else in
     * the overlay replaces what the base had.
     */
    public static ConfigNode merge(ConfigNode base, ConfigNode overlay) {
        if (base == null || !base.isMap() || !overlay.isMap()) {
            return overlay;
        }
        Map<String, ConfigNode> merged = new LinkedHashMap<>(base.asMap());
        overlay.asMap().forEach((key, node) -> merged.put(key, merge(merged.get(key), node)));
        return map(merged, overlay.source());
    }

    /** The plain Java value (maps, lists, scalars) without source information. */
    public Object plain() {
        if (isMap()) {
            Map<String, Object> out = new LinkedHashMap<>();
            asMap().forEach((k, v) -> out.put(k, v.plain()));
            return out;
        }
        if (isList()) {
            List<Object> out = new ArrayList<>();
            asList().forEach(v -> out.add(v.plain()));
            return out;
        }
        return value;
    }
}
