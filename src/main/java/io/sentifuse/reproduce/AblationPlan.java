package io.sentifuse.reproduce;

import io.sentifuse.config.ConfigFiles;
import io.sentifuse.config.ConfigLoader;
import io.sentifuse.config.ConfigNode;
import io.sentifuse.errors.UserInputException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The levers of the ablation table ({@code experiments/ablations.yaml}): each one a named change to the paper's
 * experiments (settings over {@code experiments/paper/<head>.yaml}) measured on a few heads. Read as strictly as
 * experiment files: an unknown key, a setting that is not one, or a head without an experiment names its line.
 *
 * @param file   where it was read
 * @param heads  the heads every lever is measured on unless it names its own
 * @param levers in table order; the first lever of each group is the baseline its group's deltas refer to
 */
public record AblationPlan(Path file, List<String> heads, List<Lever> levers) {

    /** The file in the repository. */
    public static final Path FILE = Path.of("experiments", "ablations.yaml");

    private static final Set<String> TOP = Set.of("heads", "levers");
    private static final Set<String> LEVER_KEYS = Set.of("name", "group", "set", "heads", "ensemble", "members",
            "note");
    /** Keys a lever of {@code members} cannot have: it trains nothing of its own. */
    private static final Set<String> NOT_WITH_MEMBERS = Set.of("set", "heads", "ensemble");

    /**
     * One row group of the table.
     *
     * @param name  the setting it stands for ({@code bge-small-en-v1.5})
     * @param group what it changes ({@code text encoder}); rows compare with the first lever of their group
     * @param set   {@code key=value} overrides over the paper's experiment
     * @param heads    the heads it is measured on
     * @param ensemble when not empty, the lever is this ensemble of its heads (their per-seed runs' probabilities
     *                 averaged): its one row is the ensemble's, the members have their rows elsewhere
     * @param members  when not empty, the lever is the ensemble of earlier levers' runs, each named
     *                 {@code <lever>/<head>} (e.g. two text encoders' naive-combine runs): it trains nothing itself,
     *                 and its set, heads and ensemble are empty
     * @param note     one line on what it is, for the report
     */
    public record Lever(String name, String group, List<String> set, List<String> heads, List<String> ensemble,
                        List<String> members, String note) {

        public Lever {
            set = List.copyOf(set);
            heads = List.copyOf(heads);
            ensemble = List.copyOf(ensemble);
            members = List.copyOf(members);
        }

        /** The member {@code <lever>/<head>} as its lever's name and head. */
        static String[] member(String member) {
            int slash = member.lastIndexOf('/');
            return new String[] {member.substring(0, slash), member.substring(slash + 1)};
        }
    }

    public AblationPlan {
        heads = List.copyOf(heads);
        levers = List.copyOf(levers);
    }

    /** Reads and checks {@code file}: every lever's settings resolve on every head it names. */
    public static AblationPlan read(Path file) {
        ConfigNode root = ConfigFiles.read(file);
        for (Map.Entry<String, ConfigNode> e : root.asMap().entrySet()) {
            if (!TOP.contains(e.getKey())) {
                throw new UserInputException(e.getValue().source() + ": unknown key '" + e.getKey()
                        + "' in the ablation plan; keys allowed at the top level: heads, levers");
            }
        }
        List<String> heads = strings(root.asMap().get("heads"), "heads");
        ConfigNode levers = root.asMap().get("levers");
        if (levers == null || !levers.isList() || levers.asList().isEmpty()) {
            throw new UserInputException((levers == null ? file.toString() : levers.source())
                    + ": 'levers' must list at least one lever (name, group, set, optional heads and note)");
        }
        List<Lever> out = new ArrayList<>();
        for (ConfigNode node : levers.asList()) {
            Lever lever = lever(node, heads, out);
            if (out.stream().anyMatch(l -> l.name().equals(lever.name()))) {
                throw new UserInputException(node.source() + ": a second lever named '" + lever.name()
                        + "'; lever names must differ (members name levers by them)");
            }
            out.add(lever);
        }
        return new AblationPlan(file, heads, out);
    }

    private static Lever lever(ConfigNode node, List<String> defaultHeads, List<Lever> earlier) {
        if (!node.isMap()) {
            throw new UserInputException(node.source() + ": a lever is a section with name, group and set");
        }
        Map<String, ConfigNode> m = node.asMap();
        for (Map.Entry<String, ConfigNode> e : m.entrySet()) {
            if (!LEVER_KEYS.contains(e.getKey())) {
                throw new UserInputException(e.getValue().source() + ": unknown key '" + e.getKey()
                        + "' in a lever; keys allowed: ensemble, group, heads, members, name, note, set");
            }
        }
        String name = text(m.get("name"), "name", node);
        String group = text(m.get("group"), "group", node);
        String note = m.containsKey("note") ? text(m.get("note"), "note", node) : "";
        if (m.containsKey("members")) {
            return new Lever(name, group, List.of(), List.of(), List.of(), members(m, name, earlier), note);
        }
        List<String> set = m.containsKey("set") ? ConfigFiles.overrides(m.get("set"), "set") : List.of();
        List<String> heads = m.containsKey("heads") ? strings(m.get("heads"), "heads") : defaultHeads;
        if (heads.isEmpty()) {
            throw new UserInputException(node.source() + ": lever '" + name + "' has no heads (give 'heads' at the "
                    + "top level or in the lever)");
        }
        ReproduceService.check(1, List.of("paper"), heads, node.source() + ": lever '" + name + "' heads");
        for (String head : heads) {
            // every override must make a valid experiment of each head, before hours of training start
            ConfigLoader.load(ReproduceService.PAPER_EXPERIMENTS.resolve(head + ".yaml"), set);
        }
        List<String> ensemble = strings(m.get("ensemble"), "ensemble");
        if (m.containsKey("ensemble") && (ensemble.size() < 2 || !heads.containsAll(ensemble)
                || Set.copyOf(ensemble).size() != ensemble.size())) {
            throw new UserInputException(m.get("ensemble").source() + ": lever '" + name + "' ensemble must name at "
                    + "least two of its heads, each once, " + heads + ", got " + ensemble);
        }
        return new Lever(name, group, set, heads, ensemble, List.of(), note);
    }

    /** A lever's {@code members}: at least two, each {@code <earlier lever>/<one of its heads>}, each once. */
    private static List<String> members(Map<String, ConfigNode> m, String name, List<Lever> earlier) {
        for (String key : NOT_WITH_MEMBERS) {
            if (m.containsKey(key)) {
                throw new UserInputException(m.get(key).source() + ": lever '" + name + "' has members, so it trains "
                        + "nothing of its own: '" + key + "' belongs to the levers it names");
            }
        }
        ConfigNode node = m.get("members");
        List<String> members = strings(node, "members");
        if (members.size() < 2 || Set.copyOf(members).size() != members.size()) {
            throw new UserInputException(node.source() + ": lever '" + name + "' members must name at least two "
                    + "runs of earlier levers, each once, as <lever>/<head>, got " + members);
        }
        for (String member : members) {
            int slash = member.lastIndexOf('/');
            String lever = slash < 0 ? member : member.substring(0, slash);
            String head = slash < 0 ? "" : member.substring(slash + 1);
            Lever found = earlier.stream().filter(l -> l.name().equals(lever) && l.members().isEmpty()).findFirst()
                    .orElse(null);
            if (found == null || !found.heads().contains(head)) {
                throw new UserInputException(node.source() + ": lever '" + name + "' member '" + member + "' is not "
                        + "<lever>/<head> of an earlier lever that trains that head; earlier: " + earlier.stream()
                        .filter(l -> l.members().isEmpty()).flatMap(l -> l.heads().stream().map(h -> l.name() + "/" + h))
                        .toList());
            }
        }
        return members;
    }

    private static String text(ConfigNode value, String key, ConfigNode lever) {
        if (value == null || !(value.value() instanceof String s) || s.isBlank()) {
            throw new UserInputException((value == null ? lever.source() : value.source()) + ": a lever needs '"
                    + key + "' (text)");
        }
        return s;
    }

    private static List<String> strings(ConfigNode node, String key) {
        if (node == null) {
            return List.of();
        }
        if (!node.isList()) {
            throw new UserInputException(node.source() + ": '" + key + "' must be a list, e.g. [text-only, naive-combine]");
        }
        List<String> out = new ArrayList<>();
        for (ConfigNode item : node.asList()) {
            if (!(item.value() instanceof String s) || s.isBlank()) {
                throw new UserInputException(item.source() + ": '" + key + "' entries must be names");
            }
            out.add(s);
        }
        return out;
    }
}
