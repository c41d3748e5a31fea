package io.sentifuse.fusion;

import io.sentifuse.config.FusionConfig;
import io.sentifuse.errors.UserInputException;

/** Checks heads share. */
final class Heads {

    private Heads() {
    }

    /** Attention heads must divide the projection width, and there must be at least one layer. */
    static void checkAttention(String head, FusionConfig c) {
        if (c.heads() <= 0 || c.projectionDim() % c.heads() != 0) {
            throw new UserInputException("fusion.heads (" + c.heads() + ") must be positive and divide "
                    + "fusion.projection_dim (" + c.projectionDim() + ") for head " + head);
        }
        if (c.layers() <= 0) {
            throw new UserInputException("fusion.layers must be at least 1 for head " + head + ", got " + c.layers());
        }
        if (c.ffnDim() <= 0) {
            throw new UserInputException("fusion.ffn_dim must be positive for head " + head + ", got " + c.ffnDim());
        }
    }
}
