package io.sentifuse.config;

import io.sentifuse.errors.UserInputException;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/** Parses YAML into {@link ConfigNode}s that carry {@code file:line} for every value. */
final class YamlReader {

    private static final Set<String> TRUE = Set.of("true", "yes", "on");

    private YamlReader() {
    }

    /** The document in {@code file}; an empty file is an empty mapping. */
    static ConfigNode readFile(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new UserInputException("config file not found: " + file);
        } catch (IOException e) {
            throw new UserInputException("cannot read config file " + file + ": " + e.getMessage(), e);
        }
        ConfigNode node = read(new StringReader(text), file.toString());
        if (node.value() == null) {
            return ConfigNode.map(Map.of(), file + ":1");
        }
        if (!node.isMap()) {
            throw new UserInputException(node.source() + ": expected a mapping of keys (key: value) at the top level");
        }
        return node;
    }

    /** One YAML scalar written on the command line, typed as YAML would type it. */
    static ConfigNode readScalar(String text, String source) {
        if (text.isEmpty()) {
            return new ConfigNode("", source);
        }
        ConfigNode node = read(new StringReader(text), source);
        return new ConfigNode(node.value(), source);
    }

    private static ConfigNode read(Reader reader, String name) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        Yaml yaml = new Yaml(new SafeConstructor(options));
        Node root;
        try {
            root = yaml.compose(reader);
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
            throw new UserInputException(name + ":" + line + ": not valid YAML: " + e.getProblem(), e);
        }
        return root == null ? new ConfigNode(null, name) : convert(root, name);
    }

    private static ConfigNode convert(Node node, String name) {
        String source = name.startsWith("--set") ? name : name + ":" + (node.getStartMark().getLine() + 1);
        if (node instanceof MappingNode mapping) {
            Map<String, ConfigNode> entries = new LinkedHashMap<>();
            for (NodeTuple tuple : mapping.getValue()) {
                if (!(tuple.getKeyNode() instanceof ScalarNode key)) {
                    throw new UserInputException(source + ": keys must be plain words");
                }
                if (entries.containsKey(key.getValue())) {
                    throw new UserInputException(name + ":" + (key.getStartMark().getLine() + 1)
                            + ": duplicate key '" + key.getValue() + "'");
                }
                ConfigNode value = convert(tuple.getValueNode(), name);
                // Point at the key's line: for a nested section that is where the user wrote it.
                String keySource = name.startsWith("--set") ? name : name + ":" + (key.getStartMark().getLine() + 1);
                entries.put(key.getValue(), new ConfigNode(value.value(), keySource));
            }
            return ConfigNode.map(entries, source);
        }
        if (node instanceof SequenceNode sequence) {
            List<ConfigNode> items = new ArrayList<>();
            sequence.getValue().forEach(item -> items.add(convert(item, name)));
            return new ConfigNode(List.copyOf(items), source);
        }
        ScalarNode scalar = (ScalarNode) node;
        return new ConfigNode(scalarValue(scalar), source);
    }

    private static Object scalarValue(ScalarNode scalar) {
        String text = scalar.getValue();
        Tag tag = scalar.getTag();
        if (Tag.NULL.equals(tag)) {
            return null;
        }
        if (Tag.BOOL.equals(tag)) {
            return TRUE.contains(text.toLowerCase(Locale.ROOT));
        }
        if (Tag.INT.equals(tag)) {
            try {
                return Long.decode(text.replace("_", ""));
            } catch (NumberFormatException e) {
                return text;
            }
        }
        if (Tag.FLOAT.equals(tag)) {
            try {
                return Double.parseDouble(text.replace("_", ""));
            } catch (NumberFormatException e) {
                return text;
            }
        }
        return text;
    }
}
