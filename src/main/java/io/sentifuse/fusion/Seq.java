package io.sentifuse.fusion;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A batch of sequences ({@code [B, T, width]}) held as one row per position, {@code [B * T, width]}: dense layers,
 * layer norm, residuals and dropout act per position, so they run on the rows without reshaping; only attention
 * and pooling view them as {@code [B, T, ...]} ({@link #view}).
 *
 * <p>Why rows: SameDiff in ND4J M2.1 spends about as long on each op's bookkeeping as a small head's ops take to
 * compute, and every reshape of a dynamic {@code [B, T, ...]} shape cost three more ops (shape, slice, concat).
 * Shapes derived from the runtime {@code [B, T]} are built once per sequence and shared by every layer; when
 * T is fixed (image regions, {@code ote}'s two tokens) no shape op is needed at all.
 */
public final class Seq {

    private final SDVariable rows;
    private final long width;
    private final long length;
    private final SDVariable leading;
    private final Map<List<Long>, SDVariable> shapes;

    private Seq(SDVariable rows, long width, long length, SDVariable leading, Map<List<Long>, SDVariable> shapes) {
        this.rows = rows;
        this.width = width;
        this.length = length;
        this.leading = leading;
        this.shapes = shapes;
    }

    /** {@code x} of shape {@code [B, T, width]}, T known only at run time. */
    public static Seq of(SDVariable x, long width) {
        SameDiff sd = x.getSameDiff();
        SDVariable leading = sd.slice(sd.shape(x), new int[] {0}, new int[] {2});
        return new Seq(sd.reshape(x, -1, width), width, -1, leading, new HashMap<>());
    }

    /** {@code x} of shape {@code [B, length, width]} with a fixed {@code length}. */
    public static Seq ofLength(SDVariable x, long length, long width) {
        return new Seq(x.getSameDiff().reshape(x, -1, width), width, length, null, null);
    }

    /** Rows {@code [B * T, width]}. */
    public SDVariable rows() {
        return rows;
    }

    public long width() {
        return width;
    }

    /** The same positions with other rows of width {@code newWidth} (e.g. a layer's output). */
    public Seq with(SDVariable newRows, long newWidth) {
        return new Seq(newRows, newWidth, length, leading, shapes);
    }

    /** {@code rows} of this sequence's positions viewed as {@code [B, T, tail...]}. */
    public SDVariable view(SDVariable positionRows, long... tail) {
        SameDiff sd = positionRows.getSameDiff();
        if (leading == null) {
            long[] shape = new long[tail.length + 2];
            shape[0] = -1;
            shape[1] = length;
            System.arraycopy(tail, 0, shape, 2, tail.length);
            return sd.reshape(positionRows, shape);
        }
        SDVariable shape = shapes.computeIfAbsent(Arrays.stream(tail).boxed().toList(),
                t -> sd.concat(0, leading, sd.constant(Nd4j.createFromArray(tail))));
        return sd.reshape(positionRows, shape);
    }

    /** This sequence as {@code [B, T, width]}. */
    public SDVariable view() {
        return view(rows, width);
    }
}
