package io.sentifuse.eval;

/**
 * Figures of one class.
 *
 * @param label     the class word ({@code negative}, ...)
 * @param precision true positives / predicted positives; 0 when nothing was predicted as this class
 * @param recall    true positives / actual positives; 0 when the class has no examples
 * @param f1        harmonic mean of precision and recall; 0 when both are 0
 * @param support   examples whose true class this is
 */
public record ClassMetrics(String label, double precision, double recall, double f1, long support) {
}
