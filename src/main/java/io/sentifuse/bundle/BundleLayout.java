package io.sentifuse.bundle;

/** Entry names inside a model bundle. */
final class BundleLayout {

    /** The fusion head's folder ({@code FusionModel}'s files). */
    static final String HEAD = "head/";
    /** An ensemble's further member heads: {@code heads/<i>/} for member i >= 1 (member 0 is in {@link #HEAD}). */
    static final String HEADS = "heads/";
    /** The text encoder's graph, its metadata and its tokenizer file. */
    static final String TEXT = "text/";
    /** An ensemble's further text encoders: {@code texts/<i>/}, the first used by member i (as {@link #TEXT}). */
    static final String TEXTS = "texts/";
    /** Under a text encoder's folder: {@code extra/<i>/}, the encoder of {@code text.extra_models[i]}. */
    static final String EXTRA = "extra/";
    /** The image encoder's graph and metadata. */
    static final String IMAGE = "image/";
    /** The training run's configuration, provenance and report. */
    static final String RUN = "run/";
    static final String GRAPH = "graph.sd";
    static final String GRAPH_ENTRY = "entry.json";

    private BundleLayout() {
    }
}
