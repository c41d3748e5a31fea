package io.sentifuse.config;

import io.sentifuse.errors.UserInputException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Resolves an experiment: built-in defaults, then the {@code extends:} chain (each path relative to the
 * file naming it, parents first), then the file itself, then {@code --set key.path=value} overrides.
 */
public final class ConfigLoader {

    /** The key that names a parent file; it is consumed here and never reaches the records. */
    public static final String EXTENDS_KEY = "extends";

    private static final int MAX_DEPTH = 16;

    private ConfigLoader() {
    }

    /** The resolved configuration of {@code file} with {@code overrides} ({@code key.path=value}) applied. */
    public static ExperimentConfig load(Path file, List<String> overrides) {
        return ConfigBinder.bind(ExperimentConfig.class, resolveTree(file, overrides), "");
    }

    /** The built-in defaults with {@code overrides} applied, for runs without a file. */
    public static ExperimentConfig defaults(List<String> overrides) {
        ConfigNode tree = ConfigSchema.defaults(ExperimentConfig.class);
        return ConfigBinder.bind(ExperimentConfig.class, applyOverrides(tree, overrides), "");
    }

    static ConfigNode resolveTree(Path file, List<String> overrides) {
        ConfigNode tree = ConfigNode.merge(ConfigSchema.defaults(ExperimentConfig.class),
                readWithParents(file, new ArrayList<>()));
        tree = applyOverrides(tree, overrides);
        checkVersion(tree);
        return tree;
    }

    private static ConfigNode readWithParents(Path file, List<Path> chain) {
        Path normalized = file.toAbsolutePath().normalize();
        if (chain.contains(normalized)) {
            throw new UserInputException(file + ": 'extends' forms a cycle: " + chain + " -> " + normalized);
        }
        if (chain.size() >= MAX_DEPTH) {
            throw new UserInputException(file + ": 'extends' chain deeper than " + MAX_DEPTH + " files");
        }
        chain.add(normalized);
        ConfigNode node = YamlReader.readFile(file);
        Map<String, ConfigNode> entries = new LinkedHashMap<>(node.asMap());
        ConfigNode parentRef = entries.remove(EXTENDS_KEY);
        ConfigNode own = ConfigNode.map(entries, node.source());
        if (parentRef == null) {
            return own;
        }
        if (!(parentRef.value() instanceof String parentName) || parentName.isBlank()) {
            throw new UserInputException(parentRef.source() + ": 'extends' must be a file path, relative to "
                    + file);
        }
        Path parent = (file.toAbsolutePath().getParent() == null ? Path.of(".") : file.toAbsolutePath().getParent())
                .resolve(parentName);
        return ConfigNode.merge(readWithParents(parent, chain), own);
    }

    static ConfigNode applyOverrides(ConfigNode tree, List<String> overrides) {
        for (String override : overrides) {
            int eq = override.indexOf('=');
            if (eq <= 0) {
                throw new UserInputException("--set " + override + ": expected key.path=value, e.g. training.epochs=5");
            }
            String path = override.substring(0, eq).trim();
            String source = "--set " + override;
            ConfigNode value = YamlReader.readScalar(override.substring(eq + 1), source);
            tree = ConfigNode.merge(tree, nest(path.split("\\."), 0, value, source));
        }
        return tree;
    }

    private static ConfigNode nest(String[] parts, int index, ConfigNode leaf, String source) {
        if (index == parts.length) {
            return leaf;
        }
        if (parts[index].isEmpty()) {
            throw new UserInputException(source + ": empty key in path");
        }
        return ConfigNode.map(Map.of(parts[index], nest(parts, index + 1, leaf, source)), source);
    }

    private static void checkVersion(ConfigNode tree) {
        ConfigNode version = tree.asMap().get("version");
        if (version != null && version.value() instanceof Long v && v != ExperimentConfig.SCHEMA_VERSION) {
            throw new UserInputException(version.source() + ": 'version' is " + v + " but this build reads version "
                    + ExperimentConfig.SCHEMA_VERSION);
        }
    }
}
