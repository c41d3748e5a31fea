package io.sentifuse.encoder.conformance;

import io.sentifuse.encoder.onnx.OnnxTranslator;
import io.sentifuse.encoder.onnx.Translation;
import io.sentifuse.encoder.onnx.TranslationOptions;
import io.sentifuse.encoder.onnx.ops.StaticInputException;
import io.sentifuse.encoder.onnx.proto.OnnxModel;
import io.sentifuse.encoder.onnx.proto.OnnxTensors;
import io.sentifuse.errors.UserInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import onnx.Onnx;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Selects the node tests whose operators the translator covers, translates each model, feeds the test's
 * inputs and compares every output with the expected one ({@link OutputCheck}).
 */
public final class ConformanceRunner {

    /** Absolute and relative tolerance for floating-point outputs. */
    public static final double TOLERANCE = 1e-4;

    /** Where Debian's libonnx-testdata puts the node tests. */
    public static final Path DEFAULT_DATA = Path.of("/usr/share/libonnx-testdata/data/node");

    private static final Logger LOG = LoggerFactory.getLogger(ConformanceRunner.class);

    private final OnnxTranslator translator;

    public ConformanceRunner(OnnxTranslator translator) {
        this.translator = translator;
    }

    public ConformanceRunner() {
        this(new OnnxTranslator());
    }

    /** Every node test in {@code data} (directories holding a model.onnx), sorted by name. */
    public static List<NodeTest> discover(Path data) {
        if (!Files.isDirectory(data)) {
            throw new UserInputException("ONNX node-test directory " + data + " does not exist (install Debian's"
                    + " libonnx-testdata package: apt-get install libonnx-testdata, or pass --data DIR)");
        }
        List<NodeTest> out = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(data)) {
            for (Path dir : dirs.sorted().toList()) {
                Path model = dir.resolve("model.onnx");
                if (!Files.isRegularFile(model)) {
                    continue;
                }
                OnnxModel m = OnnxModel.read(model);
                TreeSet<String> ops = new TreeSet<>();
                for (Onnx.NodeProto n : m.graph().getNodeList()) {
                    ops.add(n.getDomain().isEmpty() || n.getDomain().equals("ai.onnx") ? n.getOpType() : n.getDomain() + "." + n.getOpType());
                }
                out.add(new NodeTest(dir.getFileName().toString(), dir, ops, m.opset()));
            }
        } catch (IOException e) {
            throw new UserInputException("cannot list " + data + ": " + e.getMessage(), e);
        }
        if (out.isEmpty()) {
            throw new UserInputException(data + " holds no ONNX node tests (expected folders with model.onnx)");
        }
        return out;
    }

    /** The tests whose every operator type the translator implements. */
    public List<NodeTest> select(List<NodeTest> all) {
        return all.stream().filter(t -> t.ops().stream().allMatch(translator.registry()::supports)).toList();
    }

    /** Runs the selected tests of {@code data}. */
    public ConformanceReport run(Path data) {
        long start = System.nanoTime();
        List<NodeTest> all = discover(data);
        List<NodeTest> selected = select(all);
        Map<String, int[]> byOp = new TreeMap<>();
        List<ConformanceReport.Failure> failures = new ArrayList<>();
        int passed = 0;
        Map<String, List<String>> staticInputs = new TreeMap<>();
        for (NodeTest t : selected) {
            Set<String> bound = new TreeSet<>();
            String reason = runOne(t, bound);
            if (!bound.isEmpty()) {
                staticInputs.put(t.name(), List.copyOf(bound));
            }
            boolean ok = reason == null;
            if (ok) {
                passed++;
            } else {
                failures.add(new ConformanceReport.Failure(t.name(), List.copyOf(t.ops()), reason));
                LOG.debug("{} failed: {}", t.name(), reason);
            }
            for (String op : t.ops()) {
                int[] c = byOp.computeIfAbsent(op, k -> new int[2]);
                c[0]++;
                c[1] += ok ? 1 : 0;
            }
        }
        Map<String, ConformanceReport.OpCount> counts = new TreeMap<>();
        byOp.forEach((op, c) -> counts.put(op, new ConformanceReport.OpCount(c[0], c[1])));
        return new ConformanceReport(data.toString(), all.size(), selected.size(), passed, counts, failures,
                staticInputs, (System.nanoTime() - start) / 1e9);
    }

    /** Runs one test; null when every output of every data set matches, else the reason. */
    public String runOne(NodeTest test) {
        return runOne(test, new TreeSet<>());
    }

    /**
     * Runs one test and collects in {@code bound} the graph inputs that had to be bound as constants from the
     * test data because the translator needs them while translating (axes, pads, split sizes, ...).
     */
    String runOne(NodeTest test, Set<String> bound) {
        try {
            OnnxModel model = OnnxModel.read(test.dir().resolve("model.onnx"));
            translator.check(model);
            List<Path> sets;
            try (Stream<Path> s = Files.list(test.dir())) {
                sets = s.filter(p -> p.getFileName().toString().startsWith("test_data_set_")).sorted().toList();
            }
            for (Path set : sets) {
                String reason = runSet(model, set, bound);
                if (reason != null) {
                    return sets.size() == 1 ? reason : set.getFileName() + ": " + reason;
                }
            }
            return null;
        } catch (UserInputException e) {
            return "not translated: " + e.getMessage().replaceFirst("\\. Supported operators: .*", "");
        } catch (Exception | Error e) {
            return "failed to run: " + firstLine(e);
        }
    }

    private String runSet(OnnxModel model, Path set, Set<String> bound) throws IOException {
        Map<String, INDArray> data = new HashMap<>();
        List<OnnxModel.Port> inputs = model.inputs();
        for (int k = 0; k < inputs.size(); k++) {
            Path file = set.resolve("input_" + k + ".pb");
            if (Files.exists(file)) {
                data.put(inputs.get(k).name(), read(file, inputs.get(k)));
            }
        }
        Translation translated;
        while (true) {
            try {
                translated = translator.translate(bound.isEmpty() ? model : bind(model, bound, data), TranslationOptions.defaults());
                break;
            } catch (StaticInputException e) {
                if (!data.containsKey(e.tensor()) || !bound.add(e.tensor())) {
                    throw e;
                }
            }
        }
        Translation tr = translated;
        Map<String, INDArray> feed = new HashMap<>();
        for (Map.Entry<String, SDVariable> in : tr.inputs().entrySet()) {
            feed.put(in.getValue().name(), data.get(in.getKey()));
        }
        List<OnnxModel.Port> outputs = model.outputs();
        String[] names = outputs.stream().map(o -> tr.output(o.name()).name()).toArray(String[]::new);
        Map<String, INDArray> actual = tr.sd().output(feed, names);
        for (int k = 0; k < outputs.size(); k++) {
            INDArray expected = read(set.resolve("output_" + k + ".pb"), outputs.get(k));
            String problem = OutputCheck.compare(expected, actual.get(names[k]), TOLERANCE);
            if (problem != null) {
                return "output '" + outputs.get(k).name() + "': " + problem;
            }
        }
        return null;
    }

    /** The model with some graph inputs turned into initializers holding the test's values. */
    private static OnnxModel bind(OnnxModel model, Set<String> names, Map<String, INDArray> data) {
        Onnx.GraphProto.Builder g = model.graph().toBuilder();
        for (String n : names) {
            g.addInitializer(OnnxTensors.toTensor(n, data.get(n)));
        }
        return new OnnxModel(model.proto().toBuilder().setGraph(g).build(), model.source());
    }

    /**
     * Reads a test tensor. ONNX 1.12's test generator stored BFLOAT16 tensors as UINT16 bit patterns; those
     * are read back as the BFLOAT16 values the model declares.
     */
    private static INDArray read(Path file, OnnxModel.Port port) throws IOException {
        Onnx.TensorProto t = Onnx.TensorProto.parseFrom(Files.readAllBytes(file));
        if (port.dataType() == DataType.BFLOAT16 && t.getDataType() == Onnx.TensorProto.DataType.UINT16_VALUE) {
            t = t.toBuilder().setDataType(Onnx.TensorProto.DataType.BFLOAT16_VALUE).build();
        }
        return OnnxTensors.toArray(t, file.toString());
    }

    private static String firstLine(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = e.getClass().getSimpleName() + ": " + e.getMessage();
        if (root != e) {
            m += " (cause: " + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
        }
        return m.lines().findFirst().orElse(m);
    }
}
