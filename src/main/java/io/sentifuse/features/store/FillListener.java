package io.sentifuse.features.store;

/** Hears how far a store fill has come (the CLI draws a bar, other callers log). */
@FunctionalInterface
public interface FillListener {

    /**
     * @param what  "text features", "image features" or "face features" (the store kind)
     * @param done  pairs encoded so far, shards found on disk included
     * @param total pairs in the store
     */
    void progress(String what, int done, int total);
}
