package io.sentifuse.features.store;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Image features of every pair: the pooled vector and the last feature map's cells as region vectors
 * (row-major, R x C). Shard layout: {@code pooled[rows][C]}, then {@code regions[rows][R][C]}. Rows of pairs
 * whose image could not be read hold zeros and are listed in the manifest's {@code missing}.
 */
final class ImageStore extends MappedStore {

    /** Features joined to each row ({@code image.faces}): a store of one region, or null. */
    private final ImageStore joined;

    ImageStore(Path dir, StoreManifest manifest) {
        this(dir, manifest, null);
    }

    private ImageStore(Path dir, StoreManifest manifest, ImageStore joined) {
        super(dir, manifest);
        this.joined = joined;
    }

    /**
     * This store with {@code extra}'s pooled vector appended to every row's pooled vector and to each of its region
     * vectors (a per-image vector such as the face features has no regions of its own). Both stores must hold the
     * same pairs in the same order; a pair missing in either is missing in the result.
     */
    ImageStore joined(ImageStore extra) {
        if (joined != null) {
            throw new IllegalArgumentException("cannot join " + extra.dir() + " to " + dir + ": it already has "
                    + joined.dir() + " joined");
        }
        if (extra.regions() != 1 || !manifest.ids().equals(extra.manifest.ids())) {
            throw new IllegalArgumentException("cannot join " + extra.dir() + " (" + extra.regions() + " regions) to "
                    + dir + ": expected one store of one region over the same pairs");
        }
        return new ImageStore(dir, manifest, extra);
    }

    /** The store joined to this one ({@link #joined(ImageStore)}), or null. */
    ImageStore joinedStore() {
        return joined;
    }

    int regions() {
        return manifest.regions();
    }

    @Override
    int dim() {
        return manifest.dim() + (joined == null ? 0 : joined.dim());
    }

    @Override
    String missing(String id) {
        String own = super.missing(id);
        return own != null || joined == null ? own : joined.missing(id);
    }

    @Override
    Map<String, String> missingPairs() {
        if (joined == null) {
            return super.missingPairs();
        }
        Map<String, String> all = new LinkedHashMap<>(super.missingPairs());
        joined.missingPairs().forEach(all::putIfAbsent);
        return all;
    }

    @Override
    String key() {
        return joined == null ? super.key() : super.key() + "+" + joined.key();
    }

    void copyPooled(int row, float[] dst, int off) {
        int own = manifest.dim();
        copy(shardOf(row), localRow(row) * own, dst, off, own);
        if (joined != null) {
            joined.copyPooled(row, dst, off + own);
        }
    }

    void copyRegions(int row, float[] dst, int off) {
        int own = manifest.dim();
        int s = shardOf(row);
        int base = shardSize(s) * own + localRow(row) * regions() * own;
        if (joined == null) {
            copy(s, base, dst, off, regions() * own);
            return;
        }
        int width = dim();
        for (int r = 0; r < regions(); r++) {
            copy(s, base + r * own, dst, off + r * width, own);
            joined.copyPooled(row, dst, off + r * width + own);
        }
    }
}
