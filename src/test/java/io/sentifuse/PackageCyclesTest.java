package io.sentifuse;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.spi.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * The project's packages depend one way: {@code jdeps -verbose:package} on the compiled classes (what the issue
 * tracker and the before-stop hook run) must show no cycle among {@code io.sentifuse} packages. A failure names
 * every cycle and, for each edge in it, the classes that make it.
 */
class PackageCyclesTest {

    private static final String ROOT = "io.sentifuse";

    @Test
    void noPackageDependsOnItselfThroughOthers() {
        Map<String, Set<String>> graph = packageGraph(jdeps("-verbose:package"));
        assertThat(graph).as("jdeps found our packages").containsKeys(ROOT + ".cli", ROOT + ".train", ROOT + ".data");
        List<Set<String>> cycles = cycles(graph);
        assertThat(cycles).as(() -> describe(cycles, graph)).isEmpty();
    }

    /** The finder itself: a two-package loop and a three-package loop are found, a chain is not. */
    @Test
    void theCycleFinderFindsLoopsAndOnlyLoops() {
        Map<String, Set<String>> g = new TreeMap<>();
        g.put("a", new TreeSet<>(Set.of("b")));
        g.put("b", new TreeSet<>(Set.of("a", "c")));
        g.put("c", new TreeSet<>(Set.of("d")));
        g.put("d", new TreeSet<>(Set.of("e")));
        g.put("e", new TreeSet<>(Set.of("c")));
        g.put("f", new TreeSet<>(Set.of("a")));
        assertThat(cycles(g)).containsExactlyInAnyOrder(Set.of("a", "b"), Set.of("c", "d", "e"));
        g.get("b").remove("a");
        g.get("e").clear();
        assertThat(cycles(g)).isEmpty();
    }

    private static String jdeps(String verbosity) {
        Path classes = Path.of("target", "classes");
        assertThat(Files.isDirectory(classes)).as("compiled classes in " + classes).isTrue();
        ToolProvider tool = ToolProvider.findFirst("jdeps").orElseThrow(() ->
                new AssertionError("this JDK has no jdeps tool"));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int rc = tool.run(new PrintWriter(out), new PrintWriter(err), verbosity, "-filter:none",
                classes.toString());
        assertThat(rc).as("jdeps exit code; stderr: " + err).isZero();
        return out.toString();
    }

    /** Package to the other {@code io.sentifuse} packages it uses, from lines {@code "a -> b  location"}. */
    static Map<String, Set<String>> packageGraph(String jdepsOutput) {
        Map<String, Set<String>> g = new TreeMap<>();
        for (String line : jdepsOutput.split("\n")) {
            String[] p = line.trim().split("\\s+");
            if (p.length >= 3 && p[1].equals("->") && p[0].startsWith(ROOT) && p[2].startsWith(ROOT)
                    && !p[0].equals(p[2])) {
                g.computeIfAbsent(p[0], k -> new TreeSet<>()).add(p[2]);
            }
        }
        return g;
    }

    /** Strongly connected components of more than one package (Tarjan), each a cycle. */
    static List<Set<String>> cycles(Map<String, Set<String>> g) {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new TreeSet<>();
        List<Set<String>> out = new ArrayList<>();
        int[] counter = {0};
        for (String v : g.keySet()) {
            if (!index.containsKey(v)) {
                connect(v, g, index, low, stack, onStack, out, counter);
            }
        }
        return out;
    }

    private static void connect(String v, Map<String, Set<String>> g, Map<String, Integer> index,
                                Map<String, Integer> low, Deque<String> stack, Set<String> onStack,
                                List<Set<String>> out, int[] counter) {
        index.put(v, counter[0]);
        low.put(v, counter[0]++);
        stack.push(v);
        onStack.add(v);
        for (String w : g.getOrDefault(v, Set.of())) {
            if (!index.containsKey(w)) {
                connect(w, g, index, low, stack, onStack, out, counter);
                low.put(v, Math.min(low.get(v), low.get(w)));
            } else if (onStack.contains(w)) {
                low.put(v, Math.min(low.get(v), index.get(w)));
            }
        }
        if (low.get(v).equals(index.get(v))) {
            Set<String> component = new TreeSet<>();
            String w;
            do {
                w = stack.pop();
                onStack.remove(w);
                component.add(w);
            } while (!w.equals(v));
            if (component.size() > 1) {
                out.add(component);
            }
        }
    }

    private static String describe(List<Set<String>> cycles, Map<String, Set<String>> graph) {
        if (cycles.isEmpty()) {
            return "";
        }
        String classes = jdeps("-verbose:class");
        StringBuilder s = new StringBuilder("package cycles:\n");
        for (Set<String> cycle : cycles) {
            s.append("  ").append(cycle).append('\n');
            for (String a : cycle) {
                for (String b : graph.get(a)) {
                    if (cycle.contains(b)) {
                        s.append("    ").append(a).append(" -> ").append(b).append(" via ")
                                .append(edgeClasses(classes, a, b)).append('\n');
                    }
                }
            }
        }
        return s.toString();
    }

    /** The classes of {@code a} that use a class of {@code b}, from jdeps' class-level output. */
    private static Set<String> edgeClasses(String jdepsClasses, String a, String b) {
        Set<String> out = new TreeSet<>();
        for (String line : jdepsClasses.split("\n")) {
            String[] p = line.trim().split("\\s+");
            if (p.length >= 3 && p[1].equals("->") && packageOf(p[0]).equals(a) && packageOf(p[2]).equals(b)) {
                out.add(p[0].substring(a.length() + 1) + " -> " + p[2].substring(b.length() + 1));
            }
        }
        return out;
    }

    private static String packageOf(String className) {
        int dot = className.lastIndexOf('.');
        return dot < 0 ? "" : className.substring(0, dot);
    }
}
