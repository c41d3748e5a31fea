package io.sentifuse.tune;

import io.sentifuse.config.ConfigNode;
import io.sentifuse.errors.UserInputException;
import io.sentifuse.fusion.FusionHeads;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.deeplearning4j.arbiter.optimize.api.ParameterSpace;
import org.deeplearning4j.arbiter.optimize.distribution.LogUniformDistribution;
import org.deeplearning4j.arbiter.optimize.parameter.continuous.ContinuousParameterSpace;
import org.deeplearning4j.arbiter.optimize.parameter.discrete.DiscreteParameterSpace;
import org.deeplearning4j.arbiter.optimize.parameter.integer.IntegerParameterSpace;

/**
 * One searched setting of a sweep file's {@code space} section, e.g. {@code training.lr: {log_uniform: [1e-4,
 * 3e-3]}}: a log-uniform or uniform range, an integer range, or a list of choices (the fusion head itself is a
 * choice over the registry), optionally restricted to some heads with {@code heads: [...]}. Settings of the
 * fusion head's section ({@code fusion.*}) are drawn only for heads that read them, whatever the file says.
 *
 * @param key    the experiment setting, e.g. {@code training.lr}
 * @param kind   how values are drawn
 * @param values the choices ({@link Kind#CHOICE}), as YAML typed them
 * @param min    the lower bound (ranges)
 * @param max    the upper bound (ranges)
 * @param heads  the heads it applies to when given in the file, else empty (then: every head that reads it)
 * @param source where it was written ({@code file:line})
 */
public record SweepParameter(String key, Kind kind, List<Object> values, double min, double max, Set<String> heads,
                             String source) {

    /** The setting that chooses the head. */
    public static final String HEAD_KEY = "fusion.head";

    /** How values are drawn. */
    public enum Kind {
        CHOICE("choice"),
        UNIFORM("uniform"),
        LOG_UNIFORM("log_uniform"),
        INT("int");

        final String yaml;

        Kind(String yaml) {
            this.yaml = yaml;
        }
    }

    public SweepParameter {
        values = values == null ? List.of() : List.copyOf(values);
        heads = Set.copyOf(heads);
    }

    /** A new Arbiter leaf space drawing this parameter's values (one object per sweep: Arbiter indexes leaves). */
    public ParameterSpace<?> newSpace() {
        return switch (kind) {
            case CHOICE -> new DiscreteParameterSpace<>(values.toArray());
            case UNIFORM -> new ContinuousParameterSpace(min, max);
            case LOG_UNIFORM -> new ContinuousParameterSpace(new LogUniformDistribution(min, max));
            case INT -> new IntegerParameterSpace((int) min, (int) max);
        };
    }

    /** Values that probe the range's ends (or every choice): each must make a valid experiment. */
    public List<Object> probeValues() {
        return switch (kind) {
            case CHOICE -> values;
            case UNIFORM, LOG_UNIFORM -> List.of(min, max);
            case INT -> List.of((long) min, (long) max);
        };
    }

    /** Whether a candidate with fusion head {@code head} draws this parameter. */
    public boolean appliesTo(String head) {
        if (!heads.isEmpty() && !heads.contains(head)) {
            return false;
        }
        if (key.startsWith("fusion.") && !key.equals(HEAD_KEY)) {
            return FusionHeads.get(head).settings().contains(key);
        }
        return true;
    }

    /** Parses {@code node} ({@code {choice: [...]}}, {@code {uniform: [a, b]}}, ...) for {@code key}. */
    static SweepParameter parse(String key, ConfigNode node) {
        String where = node.source() + ": space key '" + key + "'";
        if (!node.isMap()) {
            throw new UserInputException(where + ": expected a section like {log_uniform: [1.0e-4, 1.0e-2]}, "
                    + "{uniform: [0.1, 0.5]}, {int: [16, 128]} or {choice: [a, b, c]}");
        }
        Map<String, ConfigNode> entries = node.asMap();
        Kind kind = null;
        ConfigNode spec = null;
        Set<String> heads = new TreeSet<>();
        for (Map.Entry<String, ConfigNode> e : entries.entrySet()) {
            Kind k = kindOf(e.getKey());
            if (k != null) {
                if (kind != null) {
                    throw new UserInputException(e.getValue().source() + ": space key '" + key + "' has both '"
                            + kind.yaml + "' and '" + k.yaml + "': give one");
                }
                kind = k;
                spec = e.getValue();
            } else if (e.getKey().equals("heads")) {
                heads.addAll(heads(key, e.getValue()));
            } else {
                throw new UserInputException(e.getValue().source() + ": space key '" + key + "': unknown entry '"
                        + e.getKey() + "'; allowed: choice, uniform, log_uniform, int, heads");
            }
        }
        if (kind == null) {
            throw new UserInputException(where + ": says neither choice, uniform, log_uniform nor int");
        }
        if (kind == Kind.CHOICE) {
            return new SweepParameter(key, kind, choices(key, spec), 0, 0, heads, node.source());
        }
        double[] range = range(key, kind, spec);
        return new SweepParameter(key, kind, List.of(), range[0], range[1], heads, node.source());
    }

    private static Kind kindOf(String name) {
        for (Kind k : Kind.values()) {
            if (k.yaml.equals(name)) {
                return k;
            }
        }
        return null;
    }

    private static List<Object> choices(String key, ConfigNode spec) {
        if (!spec.isList() || spec.asList().isEmpty()) {
            throw new UserInputException(spec.source() + ": space key '" + key + "': 'choice' must be a non-empty "
                    + "list of values");
        }
        List<Object> out = new ArrayList<>();
        for (ConfigNode item : spec.asList()) {
            if (item.isMap() || item.isList() || item.value() == null) {
                throw new UserInputException(item.source() + ": space key '" + key + "': each choice must be one "
                        + "value, got " + (item.value() == null ? "nothing" : "a section or list"));
            }
            if (out.contains(item.value())) {
                throw new UserInputException(item.source() + ": space key '" + key + "': choice '" + item.value()
                        + "' is listed twice");
            }
            out.add(item.value());
        }
        if (key.equals(HEAD_KEY)) {
            for (ConfigNode item : spec.asList()) {
                try {
                    FusionHeads.get(item.value().toString());
                } catch (UserInputException e) {
                    throw new UserInputException(item.source() + ": space key '" + key + "': " + e.getMessage(), e);
                }
            }
        }
        return out;
    }

    private static double[] range(String key, Kind kind, ConfigNode spec) {
        String where = spec.source() + ": space key '" + key + "': '" + kind.yaml + "'";
        if (!spec.isList() || spec.asList().size() != 2) {
            throw new UserInputException(where + " must be a range [low, high]");
        }
        double[] out = new double[2];
        for (int i = 0; i < 2; i++) {
            Object v = spec.asList().get(i).value();
            if (v instanceof String s) {
                try {
                    v = Double.parseDouble(s);
                } catch (NumberFormatException e) {
                    throw new UserInputException(where + ": '" + s + "' is not a number");
                }
            }
            if (!(v instanceof Number n)) {
                throw new UserInputException(where + ": the bounds must be numbers, got " + v);
            }
            if (kind == Kind.INT && !(v instanceof Long)) {
                throw new UserInputException(where + ": the bounds must be integers, got " + v);
            }
            out[i] = n.doubleValue();
        }
        boolean empty = kind == Kind.INT ? out[0] > out[1] : !(out[0] < out[1]);
        if (empty) {
            throw new UserInputException(where + " is empty: [" + fmt(out[0]) + ", " + fmt(out[1]) + "] (the low end "
                    + "must be below the high end)");
        }
        if (kind == Kind.LOG_UNIFORM && !(out[0] > 0)) {
            throw new UserInputException(where + " must be positive at both ends (a log scale), got low " + fmt(out[0]));
        }
        return out;
    }

    private static List<String> heads(String key, ConfigNode node) {
        if (!node.isList() || node.asList().isEmpty()) {
            throw new UserInputException(node.source() + ": space key '" + key + "': 'heads' must be a non-empty list "
                    + "of fusion heads");
        }
        List<String> out = new ArrayList<>();
        for (ConfigNode h : node.asList()) {
            String name = String.valueOf(h.value());
            try {
                FusionHeads.get(name);
            } catch (UserInputException e) {
                throw new UserInputException(h.source() + ": space key '" + key + "': " + e.getMessage(), e);
            }
            out.add(name);
        }
        return out;
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%s", v);
    }
}
