package io.sentifuse.fusion;

import java.util.Set;
import java.util.TreeSet;

/**
 * The {@code fusion.*} settings each kind of head reads, as full configuration keys. A sweep draws a setting for a
 * candidate only when its head reads it, so two candidates that differ in a setting their head ignores are never
 * trained twice.
 */
public final class HeadSettings {

    /** Heads with per-modality projections and an MLP classifier. */
    public static final Set<String> MLP = Set.of("fusion.projection_dim", "fusion.hidden_dim", "fusion.dropout",
            "fusion.input_dropout", "fusion.standardize");
    /** Heads with multi-head attention blocks. */
    public static final Set<String> ATTENTION = union(MLP, "fusion.heads", "fusion.attention_dropout",
            "fusion.ffn_dim");
    /** Heads with a stack of transformer encoder layers. */
    public static final Set<String> TRANSFORMER = union(ATTENTION, "fusion.layers");
    /** Tensor fusion: its own projection width instead of projection_dim. */
    public static final Set<String> TFN = Set.of("fusion.tfn_dim", "fusion.hidden_dim", "fusion.dropout",
            "fusion.input_dropout", "fusion.standardize");

    private HeadSettings() {
    }

    private static Set<String> union(Set<String> base, String... more) {
        Set<String> out = new TreeSet<>(base);
        out.addAll(Set.of(more));
        return Set.copyOf(out);
    }
}
