package io.sentifuse.encoder.verify;

import io.sentifuse.errors.UserInputException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs ONNX Runtime and a translated SameDiff graph on the same inputs and compares every output: largest
 * absolute difference and relative L2 error, over real tokens only where a case has a mask. An output passes when
 * its largest difference is within the tolerance times its magnitude (at least 1): float rounding grows with the
 * values, and a CNN's feature maps reach several units where a transformer's normalised states stay near 1.
 */
public final class ModelVerifier {

    /** Default tolerance: largest accepted absolute difference per unit of output magnitude (at least 1). */
    public static final double DEFAULT_TOLERANCE = 1e-4;

    private static final Logger LOG = LoggerFactory.getLogger(ModelVerifier.class);

    private ModelVerifier() {
    }

    /**
     * Compares the graph with ONNX Runtime on each case.
     *
     * @param model      the ONNX model bytes ONNX Runtime loads
     * @param source     the model's name in messages
     * @param sd         the translated graph
     * @param inputVars  SameDiff placeholder name per ONNX input name
     * @param outputVars SameDiff variable name per ONNX output name
     */
    public static VerificationReport verify(byte[] model, String source, SameDiff sd, Map<String, String> inputVars,
                                            Map<String, String> outputVars, List<VerificationCase> cases,
                                            double tolerance, int ortThreads) {
        long start = System.nanoTime();
        List<VerificationReport.CaseResult> results = new ArrayList<>();
        double worstAbs = 0;
        double worstExcess = -1;
        double worstRel = 0;
        String worstOutput = null;
        String worstCase = null;
        String version;
        try (OrtRunner ort = new OrtRunner(model, source, ortThreads)) {
            version = ort.version();
            for (VerificationCase c : cases) {
                Map<String, INDArray> reference = ort.run(c.inputs());
                Map<String, INDArray> feed = new HashMap<>();
                c.inputs().forEach((name, value) -> feed.put(inputVars.get(name), value));
                Map<String, INDArray> ours = sd.output(feed, outputVars.values().toArray(new String[0]));
                Map<String, VerificationReport.OutputDiff> diffs = new LinkedHashMap<>();
                for (Map.Entry<String, String> o : outputVars.entrySet()) {
                    VerificationReport.OutputDiff d = compare(reference.get(o.getKey()), ours.get(o.getValue()), c.mask(),
                            o.getKey(), c.name());
                    diffs.put(o.getKey(), d);
                    if (d.excess(tolerance) > worstExcess) {
                        worstExcess = d.excess(tolerance);
                        worstOutput = o.getKey();
                        worstCase = c.name();
                    }
                    worstAbs = Double.isNaN(d.maxAbsDiff()) || Double.isNaN(worstAbs) ? Double.NaN
                            : Math.max(worstAbs, d.maxAbsDiff());
                    worstRel = Math.max(worstRel, d.relL2());
                }
                results.add(new VerificationReport.CaseResult(c.name(), c.shape(), diffs));
                LOG.debug("verified {} case {}: {}", source, c.name(), diffs);
            }
        }
        boolean ok = worstExcess <= 1;
        return new VerificationReport(ok, tolerance, worstAbs, worstRel, worstOutput, worstCase, results, version,
                (System.nanoTime() - start) / 1e9);
    }

    /** Refuses a graph that did not verify, naming the worst output, case and figures. */
    public static void requireVerified(VerificationReport r, String source) {
        if (!r.verified()) {
            VerificationReport.OutputDiff w = r.worst();
            double diff = w == null ? r.maxAbsDiff() : w.maxAbsDiff();
            String allowed = w == null || w.maxReference() <= 1 ? String.format("tolerance %.1g", r.tolerance())
                    : String.format("tolerance %.1g x largest |value| %.3g = %.3g", r.tolerance(), w.maxReference(),
                    w.allowed(r.tolerance()));
            throw new UserInputException(String.format(
                    "%s: the translated graph differs from ONNX Runtime: output '%s' in case %s has max abs diff %.3g"
                            + " (%s), relative L2 %.3g; the model is refused", source, r.worstOutput(), r.worstCase(),
                    diff, allowed, w == null ? r.relL2() : w.relL2()));
        }
    }

    static VerificationReport.OutputDiff compare(INDArray expected, INDArray actual, INDArray mask, String output, String caseName) {
        if (expected == null || actual == null) {
            throw new IllegalStateException("output '" + output + "' missing in case " + caseName);
        }
        if (!Arrays.equals(expected.shape(), actual.shape())) {
            return new VerificationReport.OutputDiff(Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, 0,
                    expected.length() == 0 ? 0 : Math.abs(expected.castTo(DataType.DOUBLE).amaxNumber().doubleValue()));
        }
        double[] e = expected.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        double[] a = actual.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        boolean[] use = selected(expected.shape(), mask, e.length);
        double maxAbs = 0;
        double diff2 = 0;
        double ref2 = 0;
        double magnitude = 0;
        long n = 0;
        for (int k = 0; k < e.length; k++) {
            if (!use[k]) {
                continue;
            }
            double d = a[k] - e[k];
            maxAbs = Double.isNaN(d) ? Double.NaN : Math.max(maxAbs, Math.abs(d));
            diff2 += d * d;
            ref2 += e[k] * e[k];
            magnitude = Math.max(magnitude, Math.abs(e[k]));
            n++;
        }
        double rel = ref2 == 0 ? Math.sqrt(diff2) : Math.sqrt(diff2 / ref2);
        return new VerificationReport.OutputDiff(maxAbs, rel, n, magnitude);
    }

    /** Elements to compare: those at real tokens when the output starts with the mask's [batch, length]. */
    private static boolean[] selected(long[] shape, INDArray mask, int n) {
        boolean[] use = new boolean[n];
        if (mask == null || shape.length < 2 || shape[0] != mask.size(0) || shape[1] != mask.size(1)) {
            Arrays.fill(use, true);
            return use;
        }
        long[] m = mask.castTo(DataType.LONG).dup('c').data().asLong();
        int inner = n / m.length;
        for (int k = 0; k < n; k++) {
            use[k] = m[k / inner] != 0;
        }
        return use;
    }
}
