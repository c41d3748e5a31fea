package io.sentifuse.train;

import io.sentifuse.model.ParamSpec;
import io.sentifuse.system.HostValues;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Adam with decoupled weight decay (Loshchilov and Hutter, "Decoupled Weight Decay Regularization", ICLR
 * 2019), as PyTorch's {@code torch.optim.AdamW}: {@code p <- p - lr * wd * p}, then the bias-corrected Adam
 * step {@code p <- p - lr * m_hat / (sqrt(v_hat) + eps)}. ND4J M2.1 has no AdamW, and this also gives what
 * the trainer needs around it: learning rates per parameter group ("head", "encoder"), global-norm gradient
 * clipping, decay only where the parameter's role asks for it, and update:parameter ratios for the UI.
 * The state (moments and step count) is saved in checkpoints so a resumed run continues exactly.
 */
public final class AdamW {

    /** What one step did. */
    public record StepStats(double gradientNorm, Map<String, Double> updateRatios, Map<String, Double> parameterNorms) {
    }

    private final Map<String, ParamSpec> specs;
    private final Map<String, Double> groupLr;
    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final double weightDecay;
    private final Map<String, INDArray> m = new LinkedHashMap<>();
    private final Map<String, INDArray> v = new LinkedHashMap<>();
    private final AdamWKernel kernel = new AdamWKernel(HostValues.forBackend());
    private long steps;
    /** The schedule's factor on every group's learning rate for the next steps. */
    private double lrFactor = 1.0;

    public AdamW(Map<String, ParamSpec> specs, Map<String, Double> groupLr, double beta1, double beta2, double epsilon,
                 double weightDecay) {
        for (ParamSpec s : specs.values()) {
            if (!groupLr.containsKey(s.group())) {
                throw new IllegalArgumentException("no learning rate for parameter group " + s.group());
            }
        }
        this.specs = new LinkedHashMap<>(specs);
        this.groupLr = Map.copyOf(groupLr);
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
        this.weightDecay = weightDecay;
    }

    /** Optimiser steps taken so far (the bias-correction counter). */
    public long steps() {
        return steps;
    }

    /** Learning rate per group, the schedule's factor applied. */
    public Map<String, Double> learningRates() {
        if (lrFactor == 1.0) {
            return groupLr;
        }
        Map<String, Double> out = new LinkedHashMap<>();
        groupLr.forEach((g, lr) -> out.put(g, lr * lrFactor));
        return Collections.unmodifiableMap(out);
    }

    /** Scales every group's learning rate by {@code factor} from the next step on (a schedule's warm-up, decay). */
    public void scaleLearningRates(double factor) {
        if (!(factor >= 0)) {
            throw new IllegalArgumentException("learning-rate factor must be at least 0, got " + factor);
        }
        this.lrFactor = factor;
    }

    /**
     * One update of every parameter in place.
     *
     * @param parameters live parameter arrays by name
     * @param gradients  gradients by name (same shapes); scaled in place by clipping
     * @param clipNorm   clip the global L2 norm of all gradients to this; 0 = no clipping
     * @param withStats  compute update:parameter ratios and parameter norms (costs a copy per parameter)
     */
    public StepStats step(Map<String, INDArray> parameters, Map<String, INDArray> gradients, double clipNorm,
                          boolean withStats) {
        double sq = 0;
        for (String name : specs.keySet()) {
            double n = gradients.get(name).norm2Number().doubleValue();
            sq += n * n;
        }
        double norm = Math.sqrt(sq);
        double scale = clipNorm > 0 && norm > clipNorm ? clipNorm / (norm + 1e-6) : 1.0;
        steps++;
        double bc1 = 1 - Math.pow(beta1, steps);
        double bc2 = 1 - Math.pow(beta2, steps);
        Map<String, Double> ratios = withStats ? new LinkedHashMap<>() : Map.of();
        Map<String, Double> norms = withStats ? new LinkedHashMap<>() : Map.of();
        for (Map.Entry<String, ParamSpec> e : specs.entrySet()) {
            String name = e.getKey();
            INDArray p = parameters.get(name);
            INDArray g = gradients.get(name);
            if (g == null) {
                throw new IllegalArgumentException("no gradient for parameter " + name);
            }
            if (scale != 1.0) {
                g.muli(scale);
            }
            double lr = groupLr.get(e.getValue().group()) * lrFactor;
            INDArray before = withStats ? p.dup() : null;
            INDArray mt = m.computeIfAbsent(name, k -> Nd4j.zeros(p.dataType(), p.shape()));
            INDArray vt = v.computeIfAbsent(name, k -> Nd4j.zeros(p.dataType(), p.shape()));
            double decay = e.getValue().decays() && weightDecay > 0 ? 1 - lr * weightDecay : 1.0;
            kernel.update(p, mt, vt, g, new AdamWKernel.Constants(decay, beta1, beta2, bc1, bc2, epsilon, lr));
            if (withStats) {
                double pn = before.norm2Number().doubleValue();
                double un;
                try (INDArray diff = p.sub(before)) {
                    un = diff.norm2Number().doubleValue();
                }
                before.close();
                norms.put(name, pn);
                ratios.put(name, pn == 0 ? 0.0 : un / pn);
            }
        }
        return new StepStats(norm, withStats ? Collections.unmodifiableMap(ratios) : Map.of(),
                withStats ? Collections.unmodifiableMap(norms) : Map.of());
    }

    /** The moments as named arrays ({@code m/<param>}, {@code v/<param>}) for checkpoints. */
    public Map<String, INDArray> state() {
        Map<String, INDArray> out = new LinkedHashMap<>();
        m.forEach((k, a) -> out.put("m/" + k, a));
        v.forEach((k, a) -> out.put("v/" + k, a));
        return out;
    }

    /** Restores {@link #state()} and the step count from a checkpoint. */
    public void restore(Map<String, INDArray> state, long stepCount) {
        m.clear();
        v.clear();
        for (String name : specs.keySet()) {
            INDArray mm = state.get("m/" + name);
            INDArray vv = state.get("v/" + name);
            if ((mm == null) != (vv == null)) {
                throw new IllegalArgumentException("optimiser state has only one moment of " + name);
            }
            if (mm != null) {
                m.put(name, mm.dup());
                v.put(name, vv.dup());
            }
        }
        this.steps = stepCount;
    }
}
