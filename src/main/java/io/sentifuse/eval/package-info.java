/**
 * Classification metrics: accuracy, weighted F1 (the figure the MVSA literature reports), macro F1,
 * per-class precision / recall / F1 and the confusion matrix. Conventions follow scikit-learn's defaults,
 * including {@code zero_division=0}: a precision, recall or F1 whose denominator is zero counts as 0.
 */
package io.sentifuse.eval;
