package io.sentifuse.fusion;

import io.sentifuse.seeds.Seeds;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.random.custom.DistributionUniform;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The building blocks heads are made of, bound to one graph: parameters (registered with their
 * {@link ParamRole}, initialised from the run seed by name, so adding a parameter never changes another's
 * values), dense layers, dropout that is active only when the graph's training flag is 1, layer norm and
 * pooling. Parameter names are {@code <scope>/<layer>/<role>}.
 */
public final class Layers {

    private static final double LAYER_NORM_EPS = 1e-5;

    private final SameDiff sd;
    private final SDVariable training;
    private final Seeds seeds;
    private final DataType dtype;
    private final Map<String, ParamRole> parameters;
    private final Map<Double, SDVariable[]> dropoutScalars = new HashMap<>();
    /** Building the inference path: parameters are the training path's, dropout is the identity. */
    private final boolean inference;

    /**
     * @param training scalar of {@code dtype}: 1 while training (dropout on), 0 for inference
     * @param seeds    source of the initial parameter values
     */
    public Layers(SameDiff sd, SDVariable training, Seeds seeds, DataType dtype) {
        this.sd = sd;
        this.training = training;
        this.seeds = seeds;
        this.dtype = dtype;
        this.parameters = new LinkedHashMap<>();
        this.inference = false;
    }

    private Layers(Layers training) {
        this.sd = training.sd;
        this.training = training.training;
        this.seeds = training.seeds;
        this.dtype = training.dtype;
        this.parameters = training.parameters;
        this.inference = true;
    }

    /**
     * Layers on this one's parameters that build no dropout: a head built again through them is its inference
     * path, the same values as the training path with the training flag at 0, without drawing and applying masks
     * of ones. Every parameter it asks for must exist already.
     */
    public Layers inference() {
        return new Layers(this);
    }

    public SameDiff sd() {
        return sd;
    }

    /** Trainable parameters created so far, name to role, in creation order. */
    public Map<String, ParamRole> parameters() {
        return Collections.unmodifiableMap(parameters);
    }

    /** A trainable parameter with the given initial value. */
    public SDVariable param(String name, ParamRole role, INDArray initial) {
        return param(name, role, () -> initial);
    }

    /**
     * A trainable parameter whose initial value is made only where it is created: the inference path returns the
     * training path's variable without computing one.
     */
    private SDVariable param(String name, ParamRole role, Supplier<INDArray> initial) {
        if (inference) {
            if (parameters.get(name) != role) {
                throw new IllegalStateException("the inference path asks for parameter " + name + " (" + role
                        + ") that the training path did not define as such");
            }
            return sd.getVariable(name);
        }
        if (parameters.containsKey(name)) {
            throw new IllegalStateException("parameter " + name + " is defined twice");
        }
        parameters.put(name, role);
        return sd.var(name, initial.get().castTo(dtype));
    }

    /** A {@code [in, out]} weight, Glorot-uniform: U(-a, a), a = sqrt(6 / (in + out)). */
    public SDVariable weight(String name, long in, long out) {
        double limit = Math.sqrt(6.0 / (in + out));
        return param(name, ParamRole.WEIGHT, () -> uniform(name, limit, in, out));
    }

    /** A zero bias of length {@code n}. */
    public SDVariable bias(String name, long n) {
        return param(name, ParamRole.BIAS, () -> Nd4j.zeros(dtype, n));
    }

    /** A learned embedding of length {@code n}, N(0, 0.02^2) as in BERT. */
    public SDVariable embedding(String name, long... shape) {
        return param(name, ParamRole.EMBEDDING, () -> {
            Random rng = seeds.random("init/" + name);
            INDArray a = Nd4j.create(dtype, shape);
            for (long i = 0; i < a.length(); i++) {
                a.putScalar(i, 0.02 * rng.nextGaussian());
            }
            return a;
        });
    }

    /** A learned scalar with the given start value. */
    public SDVariable scalar(String name, double value) {
        return param(name, ParamRole.SCALAR, () -> Nd4j.scalar(dtype, value).reshape(1));
    }

    private INDArray uniform(String name, double limit, long... shape) {
        Random rng = seeds.random("init/" + name);
        INDArray a = Nd4j.create(dtype, shape);
        for (long i = 0; i < a.length(); i++) {
            a.putScalar(i, (2 * rng.nextDouble() - 1) * limit);
        }
        return a;
    }

    /**
     * {@code x W + b} for {@code x} of shape {@code [N, in]}, as a matmul and a broadcast add. Not ND4J's fused
     * {@code xw_plus_b}: on the oneDNN builds of M2.1's native library (the ones {@code Nd4jBinaries} picks on
     * AVX2/AVX-512 CPUs) its helper writes c-ordered rows into whatever array it is given, and the inference
     * session's memory manager hands it f-ordered ones from the second call on, so predictions came out permuted.
     */
    public SDVariable dense(String name, SDVariable x, long in, long out) {
        return x.mmul(weight(name + "/W", in, out)).add(bias(name + "/b", out));
    }

    /** {@link #dense} at every position of a sequence: {@code [B, T, in] -> [B, T, out]}, as rows. */
    public Seq denseSeq(String name, Seq x, long out) {
        return x.with(dense(name, x.rows(), x.width(), out), out);
    }

    /** The first {@code keep} dimensions of {@code x}'s runtime shape followed by {@code tail}. */
    public SDVariable leadingShape(SDVariable x, int keep, long... tail) {
        SDVariable lead = sd.slice(sd.shape(x), new int[] {0}, new int[] {keep});
        return sd.concat(0, lead, sd.constant(Nd4j.createFromArray(tail)));
    }

    /** An array of ones shaped like the first {@code keep} dims of {@code x} followed by {@code tail}; no gradient. */
    public SDVariable ones(SDVariable x, int keep, long... tail) {
        return sd.fill(leadingShape(x, keep, tail), dtype, 1.0);
    }

    /**
     * Inverted dropout: in training each value is zeroed with probability {@code rate} and the rest scaled by
     * {@code 1 / (1 - rate)}; in inference the identity. The mask's shape follows {@code x} at run time.
     */
    public SDVariable dropout(SDVariable x, double rate) {
        if (rate <= 0) {
            return x;
        }
        if (rate >= 1) {
            throw new IllegalArgumentException("dropout rate must be below 1, got " + rate);
        }
        if (inference) {
            return x;
        }
        // threshold = training * rate, scale = 1 / (1 - threshold), shared by every site of this rate: in
        // inference the threshold is 0, every uniform draw passes and the scale is 1, so the mask is all ones
        SDVariable[] scalars = dropoutScalars.computeIfAbsent(rate, r -> {
            SDVariable threshold = training.mul(r);
            return new SDVariable[] {threshold, threshold.rsub(1.0).rdiv(1.0)};
        });
        SDVariable u = new DistributionUniform(sd, sd.shape(x), 0.0, 1.0).outputVariable();
        return x.mul(sd.gte(u, scalars[0]).castTo(dtype).mul(scalars[1]));
    }

    /**
     * Layer norm over the last axis of {@code rows [N, dim]} with learned gain and shift: PyTorch's, eps 1e-5
     * inside the square root (ND4J's fused layer_norm op has no epsilon, which differs for low-variance rows).
     * The axis is given as 1, not -1: ND4J M2.1's reductions compute wrong values for negative axes.
     */
    public SDVariable layerNorm(String name, SDVariable rows, long dim) {
        int last = 1;
        SDVariable mean = rows.mean(true, last);
        SDVariable centred = rows.sub(mean);
        SDVariable variance = centred.mul(centred).mean(true, last);
        SDVariable normed = centred.div(sd.math.sqrt(variance.add(LAYER_NORM_EPS)));
        SDVariable gain = param(name + "/gain", ParamRole.NORM, () -> Nd4j.ones(dtype, dim));
        SDVariable shift = param(name + "/shift", ParamRole.NORM, () -> Nd4j.zeros(dtype, dim));
        return broadcastMul(normed, gain).add(shift);
    }

    /**
     * ReLU. On the training path as {@code x * step(x)}: for finite inputs the same values (a negative input gives
     * -0 instead of 0, which no later sum or product tells apart) and gradients, but the gradient runs as a
     * same-shape multiplication (0.074 ms for [784, 256] floats on one thread, ND4J M2.1 CPU, plus adding
     * {@code step}'s zero gradient) where the stock op's ({@code thresholdedrelu_bp}) takes 1.88 ms
     * ({@code scripts/bench/GradientOps.java}). An infinite input or gradient where x <= 0 gives NaN here, 0 there.
     * The inference path keeps the one stock op.
     */
    public SDVariable relu(SDVariable x) {
        return inference ? sd.nn.relu(x, 0) : x.mul(sd.math.step(x, 0.0));
    }

    /**
     * {@code x * b} for a {@code b} that broadcasts against {@code x}, computed as {@code x * (zeros shaped like x
     * + b)}: the same values and gradients (b = -0 becomes 0), but ND4J M2.1's gradient of a broadcasting
     * multiplication ({@code multiply_bp}) takes 0.79 ms for [784, 64] x [64] floats on one thread, against 0.057 ms
     * for a same-shape one plus 0.064 ms for the broadcasting addition's ({@code scripts/bench/GradientOps.java}).
     * The zeros are filled from x's (integer) shape, so no gradient flows back through them. The inference path
     * computes no gradient and multiplies directly.
     */
    public SDVariable broadcastMul(SDVariable x, SDVariable b) {
        return inference ? x.mul(b) : x.mul(sd.fill(sd.shape(x), dtype, 0.0).add(b));
    }

    /** Dropout, dense to {@code out}, ReLU: how every head brings a modality to its working width. */
    public SDVariable projection(String name, SDVariable x, long in, long out, double dropout) {
        return relu(dense(name, dropout(x, dropout), in, out));
    }

    /** Sequence version of {@link #projection}: {@code [B, T, in] -> [B, T, out]}. */
    public Seq projectionSeq(String name, Seq x, long out, double dropout) {
        return x.with(projection(name, x.rows(), x.width(), out, dropout), out);
    }

    /** The classifier every head ends with: dropout, dense, ReLU, dropout, dense to the class logits. */
    public SDVariable classifier(String name, SDVariable x, long in, long hidden, long classes, double dropout) {
        SDVariable h = relu(dense(name + "/hidden", dropout(x, dropout), in, hidden));
        return dense(name + "/out", dropout(h, dropout), hidden, classes);
    }

    /** Mean over the positions of a sequence counting only those where {@code mask [B, T]} is 1: {@code [B, D]}. */
    public SDVariable maskedMean(Seq x, SDVariable mask) {
        SDVariable m = sd.expandDims(mask, 2);
        return broadcastMul(x.view(), m).sum(1).div(mask.sum(true, 1));
    }
}
