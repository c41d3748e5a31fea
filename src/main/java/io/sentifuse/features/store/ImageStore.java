package io.sentifuse.features.store;

import java.nio.file.Path;

/**
 * Image features of every pair: the pooled vector and the last feature map's cells as region vectors
 * (row-major, R x C). Shard layout: {@code pooled[rows][C]}, then {@code regions[rows][R][C]}. Rows of pairs
 * whose image could not be read hold zeros and are listed in the manifest's {@code missing}.
 */
final class ImageStore extends MappedStore {

    ImageStore(Path dir, StoreManifest manifest) {
        super(dir, manifest);
    }

    int regions() {
        return manifest.regions();
    }

    void copyPooled(int row, float[] dst, int off) {
        copy(shardOf(row), localRow(row) * dim(), dst, off, dim());
    }

    void copyRegions(int row, float[] dst, int off) {
        int s = shardOf(row);
        int width = regions() * dim();
        copy(s, shardSize(s) * dim() + localRow(row) * width, dst, off, width);
    }
}
