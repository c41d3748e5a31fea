package io.sentifuse.tune;

import io.sentifuse.config.ConfigFiles;
import io.sentifuse.config.ConfigLoader;
import io.sentifuse.config.ConfigNode;
import io.sentifuse.config.ExperimentConfig;
import io.sentifuse.errors.UserInputException;
import io.sentifuse.train.TrainingService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * A sweep file: a base experiment, fixed overrides, a search space, a search, a budget and a score.
 *
 * <pre>
 * name: fusion-quick
 * base: ../demo/frozen.yaml          # relative to this file
 * set:                               # fixed for every candidate
 *   training.epochs: 10
 * space:
 *   fusion.head: {choice: [text-only, naive-combine, gmu]}
 *   training.lr: {log_uniform: [3.0e-4, 3.0e-3]}
 *   fusion.heads: {choice: [2, 4], heads: [ote, cmac]}
 * search: {type: random}
 * budget: {max_candidates: 8}
 * score: {metric: accuracy, seeds_per_candidate: 3}
 * </pre>
 *
 * Read as strictly as experiment files: an unknown key, a setting the experiment does not have, an empty range, a
 * value the experiment would refuse (a learning rate at or below 0, an unknown head) is an error that names the
 * file, the line and the key. {@code --set key=value} applies to the sweep's own sections ({@code search.type=grid})
 * or, for any other key, adds a fixed override ({@code data.path=DIR}).
 *
 * @param file       the file read
 * @param settings   name, seed, search, budget, score
 * @param base       the base experiment, absolute
 * @param fixed      fixed overrides in order, {@code key=value}
 * @param parameters the searched settings, the head first when it is searched
 * @param baseConfig the base experiment with the fixed overrides
 */
public record SweepFile(Path file, SweepSettings settings, Path base, List<String> fixed,
                        List<SweepParameter> parameters, ExperimentConfig baseConfig) {

    private static final Set<String> OWN = Set.of("name", "seed", "search", "budget", "score");
    private static final List<String> TOP = List.of("name", "base", "seed", "set", "space", "search", "budget",
            "score");

    public SweepFile {
        fixed = List.copyOf(fixed);
        parameters = List.copyOf(parameters);
    }

    /** Reads and checks {@code file} with {@code sets} ({@code key=value}) applied. */
    public static SweepFile read(Path file, List<String> sets) {
        ConfigNode root = ConfigFiles.read(file);
        Map<String, ConfigNode> own = new LinkedHashMap<>();
        ConfigNode baseNode = null;
        List<String> fixed = new ArrayList<>();
        ConfigNode space = null;
        for (Map.Entry<String, ConfigNode> e : root.asMap().entrySet()) {
            switch (e.getKey()) {
                case "base" -> baseNode = e.getValue();
                case "set" -> fixed.addAll(ConfigFiles.overrides(e.getValue(), "set"));
                case "space" -> space = e.getValue();
                default -> {
                    if (!OWN.contains(e.getKey())) {
                        throw new UserInputException(e.getValue().source() + ": unknown key '" + e.getKey()
                                + "' in sweep file; keys allowed at the top level: " + String.join(", ", TOP));
                    }
                    own.put(e.getKey(), e.getValue());
                }
            }
        }
        ConfigNode ownNode = ConfigNode.map(own, root.source());
        for (String set : sets) {
            int eq = set.indexOf('=');
            if (eq <= 0) {
                throw new UserInputException("--set " + set + ": expected key.path=value, e.g. budget.max_candidates=4");
            }
            String key = set.substring(0, eq).trim();
            if (OWN.contains(key.split("\\.")[0])) {
                ownNode = ConfigNode.merge(ownNode, nest(key.split("\\."), 0,
                        ConfigFiles.scalar(set.substring(eq + 1), "--set " + set)));
            } else {
                ConfigFiles.checkSetting(key, "--set " + set);
                fixed.add(key + "=" + set.substring(eq + 1));
            }
        }
        SweepSettings settings = ConfigFiles.bind(SweepSettings.class, ownNode, "");
        checkSettings(settings, file);
        if (baseNode == null || !(baseNode.value() instanceof String baseName) || baseName.isBlank()) {
            throw new UserInputException((baseNode == null ? file.toString() : baseNode.source())
                    + ": 'base' must name the experiment file every candidate starts from (relative to the sweep file)");
        }
        Path dir = file.toAbsolutePath().getParent();
        Path base = dir.resolve(baseName).normalize();
        if (!Files.isRegularFile(base)) {
            throw new UserInputException(baseNode.source() + ": base experiment " + base + " not found");
        }
        ExperimentConfig baseConfig = ConfigLoader.load(base, fixed);
        List<SweepParameter> parameters = parameters(file, space);
        probe(base, fixed, parameters);
        return new SweepFile(file, settings, base, fixed, parameters, baseConfig);
    }

    private static List<SweepParameter> parameters(Path file, ConfigNode space) {
        if (space == null || !space.isMap() || space.asMap().isEmpty()) {
            throw new UserInputException((space == null ? file.toString() : space.source())
                    + ": 'space' must list at least one setting to search, e.g. training.lr: {log_uniform: [1.0e-4, "
                    + "1.0e-2]}");
        }
        List<SweepParameter> out = new ArrayList<>();
        for (Map.Entry<String, ConfigNode> e : space.asMap().entrySet()) {
            ConfigFiles.checkSetting(e.getKey(), e.getValue().source());
            out.add(SweepParameter.parse(e.getKey(), e.getValue()));
        }
        // the head decides which of the other settings a candidate draws: it goes first
        out.sort(Comparator.comparingInt(p -> p.key().equals(SweepParameter.HEAD_KEY) ? 0 : 1));
        return out;
    }

    /** Every end of every range and every choice, one at a time on the base, must be a valid experiment. */
    private static void probe(Path base, List<String> fixed, List<SweepParameter> parameters) {
        for (SweepParameter p : parameters) {
            for (Object value : p.probeValues()) {
                List<String> overrides = new ArrayList<>(fixed);
                overrides.add(p.key() + "=" + ConfigFiles.render(value));
                try {
                    TrainingService.check(ConfigLoader.load(base, overrides));
                } catch (UserInputException e) {
                    throw new UserInputException(p.source() + ": space key '" + p.key() + "': the value " + ConfigFiles.render(value)
                            + " is not valid: " + e.getMessage(), e);
                }
            }
        }
    }

    private static void checkSettings(SweepSettings s, Path file) {
        positive(file, "budget.max_candidates", s.budget().maxCandidates());
        positive(file, "budget.parallel", s.budget().parallel());
        positive(file, "score.seeds_per_candidate", s.score().seedsPerCandidate());
        if (s.search().gridPoints() < 2) {
            throw new UserInputException(file + ": search.grid_points must be at least 2, got " + s.search().gridPoints());
        }
        if (s.search().population() < 2) {
            throw new UserInputException(file + ": search.population must be at least 2, got " + s.search().population());
        }
        if (!(s.budget().maxMinutes() >= 0)) {
            throw new UserInputException(file + ": budget.max_minutes must be 0 (no limit) or more, got "
                    + s.budget().maxMinutes());
        }
        if (s.name().isBlank()) {
            throw new UserInputException(file + ": 'name' must not be empty");
        }
    }

    private static void positive(Path file, String key, int value) {
        if (value < 1) {
            throw new UserInputException(file + ": " + key + " must be at least 1, got " + value);
        }
    }

    private static ConfigNode nest(String[] parts, int i, ConfigNode leaf) {
        if (i == parts.length) {
            return leaf;
        }
        return ConfigNode.map(Map.of(parts[i], nest(parts, i + 1, leaf)), leaf.source());
    }

    /**
     * The resolved sweep file ({@code base} absolute, {@code --set} applied): what the sweep folder keeps, and
     * what {@code --resume} reads back.
     */
    public String toYaml() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("name", settings.name());
        doc.put("base", base.toString());
        doc.put("seed", settings.seed());
        if (!fixed.isEmpty()) {
            Map<String, Object> set = new LinkedHashMap<>();
            for (String f : fixed) {
                int eq = f.indexOf('=');
                set.put(f.substring(0, eq), ConfigFiles.scalar(f.substring(eq + 1), "set").value());
            }
            doc.put("set", set);
        }
        Map<String, Object> space = new LinkedHashMap<>();
        for (SweepParameter p : parameters) {
            Map<String, Object> spec = new LinkedHashMap<>();
            spec.put(p.kind().yaml, p.kind() == SweepParameter.Kind.CHOICE ? p.values()
                    : p.kind() == SweepParameter.Kind.INT ? List.of((long) p.min(), (long) p.max())
                    : List.of(p.min(), p.max()));
            if (!p.heads().isEmpty()) {
                spec.put("heads", List.copyOf(new java.util.TreeSet<>(p.heads())));
            }
            space.put(p.key(), spec);
        }
        doc.put("space", space);
        Map<String, Object> search = new LinkedHashMap<>();
        search.put("type", lower(settings.search().type()));
        search.put("grid_points", settings.search().gridPoints());
        search.put("population", settings.search().population());
        doc.put("search", search);
        Map<String, Object> budget = new LinkedHashMap<>();
        budget.put("max_candidates", settings.budget().maxCandidates());
        budget.put("max_minutes", settings.budget().maxMinutes());
        budget.put("parallel", settings.budget().parallel());
        doc.put("budget", budget);
        Map<String, Object> score = new LinkedHashMap<>();
        score.put("metric", lower(settings.score().metric()));
        score.put("seeds_per_candidate", settings.score().seedsPerCandidate());
        doc.put("score", score);
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        return "# The resolved sweep file (base made absolute, --set applied); sentifuse sweep --resume reads it.\n"
                + new Yaml(options).dump(doc);
    }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
