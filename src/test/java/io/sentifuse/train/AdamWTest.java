package io.sentifuse.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.sentifuse.model.ParamSpec;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class AdamWTest {

    private static final double LR = 0.1;
    private static final double WD = 0.01;

    private static AdamW optimizer() {
        Map<String, ParamSpec> specs = new LinkedHashMap<>();
        specs.put("w", new ParamSpec("head", true));
        specs.put("b", new ParamSpec("head", false));
        specs.put("e", new ParamSpec("encoder", true));
        return new AdamW(specs, Map.of("head", LR, "encoder", 0.01), 0.9, 0.999, 1e-8, WD);
    }

    private static Map<String, INDArray> params() {
        Map<String, INDArray> p = new LinkedHashMap<>();
        p.put("w", Nd4j.createFromArray(1.0, -2.0));
        p.put("b", Nd4j.createFromArray(1.0));
        p.put("e", Nd4j.createFromArray(3.0));
        return p;
    }

    private static Map<String, INDArray> grads(double... values) {
        Map<String, INDArray> g = new LinkedHashMap<>();
        g.put("w", Nd4j.createFromArray(values[0], values[1]));
        g.put("b", Nd4j.createFromArray(values[2]));
        g.put("e", Nd4j.createFromArray(values[3]));
        return g;
    }

    /**
     * Step 1 of Adam moves every entry by lr * sign(g) (m_hat / sqrt(v_hat) = g / |g|); decoupled decay first
     * shrinks decayed parameters by (1 - lr * wd): w = [1 * 0.999 - 0.1, -2 * 0.999 + 0.1] = [0.899, -1.898],
     * the bias (not decayed) 1 - 0.1 = 0.9, the encoder group (lr 0.01) 3 * (1 - 1e-4) - 0.01 = 2.9897.
     */
    @Test
    void firstStepMatchesHandComputedValues() {
        AdamW opt = optimizer();
        Map<String, INDArray> p = params();
        AdamW.StepStats s = opt.step(p, grads(0.5, -1.0, 2.0, 0.25), 0, true);
        assertThat(p.get("w").getDouble(0)).isCloseTo(0.899, within(1e-7));
        assertThat(p.get("w").getDouble(1)).isCloseTo(-1.898, within(1e-7));
        assertThat(p.get("b").getDouble(0)).isCloseTo(0.9, within(1e-7));
        assertThat(p.get("e").getDouble(0)).isCloseTo(2.9897, within(1e-7));
        assertThat(s.gradientNorm()).isCloseTo(Math.sqrt(0.25 + 1 + 4 + 0.0625), within(1e-9));
        // ||update|| / ||p||: b moved 0.1 from 1
        assertThat(s.updateRatios().get("b")).isCloseTo(0.1, within(1e-7));
        assertThat(s.parameterNorms().get("b")).isCloseTo(1.0, within(1e-9));
    }

    /** The second step against Adam's formulas written out (beta1 0.9, beta2 0.999, bias-corrected). */
    @Test
    void secondStepFollowsTheBiasCorrectedMoments() {
        AdamW opt = optimizer();
        Map<String, INDArray> p = params();
        opt.step(p, grads(0.5, -1.0, 2.0, 0.25), 0, false);
        opt.step(p, grads(0.1, 0.2, -1.0, 0.25), 0, false);
        double g1 = 0.5;
        double g2 = 0.1;
        double m = 0.9 * (0.1 * g1) + 0.1 * g2;
        double v = 0.999 * (0.001 * g1 * g1) + 0.001 * g2 * g2;
        double mHat = m / (1 - 0.81);
        double vHat = v / (1 - 0.999 * 0.999);
        double afterFirst = 1.0 * (1 - LR * WD) - LR * g1 / (g1 + 1e-8);
        double expected = afterFirst * (1 - LR * WD) - LR * mHat / (Math.sqrt(vHat) + 1e-8);
        assertThat(p.get("w").getDouble(0)).isCloseTo(expected, within(1e-9));
        assertThat(opt.steps()).isEqualTo(2);
    }

    @Test
    void clippingScalesTheGlobalNormButReportsTheNormBeforeClipping() {
        AdamW opt = optimizer();
        Map<String, INDArray> g = grads(3.0, 4.0, 0.0, 0.0);
        AdamW.StepStats s = opt.step(params(), g, 1.0, false);
        assertThat(s.gradientNorm()).isCloseTo(5.0, within(1e-12));
        assertThat(g.get("w").norm2Number().doubleValue()).isCloseTo(1.0, within(1e-6));
        assertThat(s.updateRatios()).isEmpty();
    }

    @Test
    void restoredStateContinuesExactly() {
        AdamW straight = optimizer();
        Map<String, INDArray> a = params();
        straight.step(a, grads(0.5, -1.0, 2.0, 0.25), 0, false);
        straight.step(a, grads(0.1, 0.2, -1.0, 0.3), 0, false);

        AdamW first = optimizer();
        Map<String, INDArray> b = params();
        first.step(b, grads(0.5, -1.0, 2.0, 0.25), 0, false);
        AdamW second = optimizer();
        second.restore(first.state(), first.steps());
        second.step(b, grads(0.1, 0.2, -1.0, 0.3), 0, false);
        for (String k : a.keySet()) {
            // exactly: INDArray.equals allows differences up to 1e-5
            assertThat(b.get(k).toDoubleVector()).as(k).containsExactly(a.get(k).toDoubleVector());
        }
    }
}
