package io.sentifuse.encoder.onnx;

import java.lang.reflect.Field;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.imports.converters.DifferentialFunctionClassHolder;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ops.impl.shape.Gather;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes embedding tables trainable. ND4J M2.1's {@code Gather.doDiff} writes the gradient rows with a
 * scatter <em>update</em>, so a token that occurs twice in a batch gets the gradient of one occurrence only, and
 * it fails outright for some index shapes ("Output array did not match expected shape"). Every translated
 * embedding lookup is a Gather, so fine-tuning the word-embedding table needs a correct gradient: the
 * sum over occurrences, {@code scatter_add(zeros_like(table), ids, dOut)}.
 *
 * <p>SameDiff builds its gradient function on a copy of the graph made through FlatBuffers, which recreates
 * every op from the class that {@link DifferentialFunctionClassHolder} registers for the op's name; the same
 * happens when a saved graph is loaded. {@link #install()} therefore registers {@link Lookup} (a
 * {@link Gather} with the corrected gradient and the identical forward op) for the "gather" op. It is
 * idempotent and touches nothing else.
 */
public final class GatherGradient {

    private static final Logger LOG = LoggerFactory.getLogger(GatherGradient.class);
    private static volatile boolean installed;

    private GatherGradient() {
    }

    /** A gather whose gradient sums over repeated indices (axis 0); other axes keep ND4J's own gradient. */
    public static final class Lookup extends Gather {

        public Lookup() {
            super();
        }

        @Override
        public List<SDVariable> doDiff(List<SDVariable> gradients) {
            int axis = iArguments.isEmpty() ? jaxis : iArguments.get(0).intValue();
            if (axis != 0 || args().length < 2) {
                return super.doDiff(gradients);
            }
            SDVariable data = arg(0);
            SDVariable ids = arg(1);
            SDVariable rowShape = sameDiff.concat(0, sameDiff.constant(Nd4j.createFromArray(-1L)),
                    sameDiff.stridedSlice(sameDiff.shape(data).castTo(DataType.LONG), new long[] {1}, new long[] {0}, new long[] {1},
                            0, 1, 0, 0, 0));
            SDVariable rows = sameDiff.reshape(gradients.get(0), rowShape);
            SDVariable flatIds = sameDiff.reshape(ids, -1);
            // scatter_add accumulates repeated ids; unsorted_segment_sum computes the same but leaked native memory
            // on every call in M2.1 (the whole table-sized gradient per fine-tuning step in MiniLM)
            SDVariable dData = sameDiff.scatterAdd(sameDiff.zerosLike(data), flatIds, rows);
            return List.of(dData, sameDiff.zerosLike(ids));
        }
    }

    /** Registers {@link Lookup} for ND4J's "gather" op (once per JVM). */
    @SuppressWarnings("unchecked")
    public static synchronized void install() {
        if (installed) {
            return;
        }
        try {
            DifferentialFunctionClassHolder holder = DifferentialFunctionClassHolder.getInstance();
            Field single = DifferentialFunctionClassHolder.class.getDeclaredField("customOpHashToClass");
            Field multi = DifferentialFunctionClassHolder.class.getDeclaredField("customOpHashToClasses");
            single.setAccessible(true);
            multi.setAccessible(true);
            int replaced = 0;
            for (Map.Entry<Long, Class<?>> e : ((Map<Long, Class<?>>) single.get(holder)).entrySet()) {
                if (e.getValue() == Gather.class) {
                    e.setValue(Lookup.class);
                    replaced++;
                }
            }
            for (Map<String, Class<?>> byName : ((Map<Long, Map<String, Class<?>>>) multi.get(holder)).values()) {
                for (Map.Entry<String, Class<?>> e : byName.entrySet()) {
                    if (e.getValue() == Gather.class) {
                        e.setValue(Lookup.class);
                        replaced++;
                    }
                }
            }
            if (replaced == 0) {
                LOG.warn("ND4J's gather op was not found in its op registry; embedding-table gradients may be wrong");
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("cannot register the corrected gather gradient ({}); embedding-table gradients may be wrong", e.toString());
        }
        installed = true;
    }
}
