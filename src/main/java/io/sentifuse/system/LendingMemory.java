package io.sentifuse.system;

import org.nd4j.autodiff.samediff.internal.memory.AbstractMemoryMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.LongShapeDescriptor;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A session memory manager that lends c-ordered arrays by type and shape from arrays it keeps
 * ({@link SessionArrays}, the training step's {@code StepMemory}).
 */
public abstract class LendingMemory extends AbstractMemoryMgr {

    @Override
    public final INDArray allocate(boolean detached, DataType dataType, long... shape) {
        return lend(dataType, shape);
    }

    /**
     * Arrays are c-ordered whatever order the descriptor names, as ND4J's own session memory managers make
     * them: ops write other orders through other code paths, whose results differ in the last bits.
     */
    @Override
    public final INDArray allocate(boolean detached, LongShapeDescriptor descriptor) {
        if (descriptor.isEmpty()) {
            return Nd4j.create(descriptor);
        }
        return lend(descriptor.dataType(), descriptor.getShape());
    }

    /** A c-ordered array of {@code type} and {@code shape}: a kept one's buffer, or a new one. */
    protected abstract INDArray lend(DataType type, long[] shape);
}
