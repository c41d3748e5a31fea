package io.sentifuse.image;

/** How an image of any size and aspect ratio becomes the network's square input. */
public enum Geometry {

    /** Resize both sides directly to the input size (aspect ratio not kept; nothing cut off). */
    STRETCH,

    /**
     * torchvision's {@code Resize(shorter)} then {@code CenterCrop(size)}: the shorter side becomes
     * {@code resizeShorter}, the longer one {@code floor(resizeShorter * longer / shorter)}, and the centred
     * square is cut out with offsets {@code round((resized - size) / 2)}, rounding halves to even as Python does.
     */
    CROP
}
