package io.sentifuse.data.stream;

import io.sentifuse.config.DataConfig.ItemPolicy;
import io.sentifuse.data.Pair;
import io.sentifuse.data.Problem;
import io.sentifuse.errors.UserInputException;
import io.sentifuse.image.ImageDecodeException;
import io.sentifuse.image.ImageDecoder;
import io.sentifuse.image.ImageTransform;
import io.sentifuse.image.RgbImage;
import io.sentifuse.text.Encoding;
import io.sentifuse.text.Tokenizer;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns the pairs of one batch into arrays: tokenizes texts, decodes and transforms images. Runs on the
 * decoding threads; stateless apart from its (thread-safe) collaborators.
 */
final class BatchPreparer {

    private final Tokenizer tokenizer;
    private final int maxLength;
    private final ImageTransform transform;
    private final ImageDecoder decoder;
    private final ItemPolicy policy;
    private final int imageFloats;

    BatchPreparer(Tokenizer tokenizer, int maxLength, ImageTransform transform, ImageDecoder decoder,
                  ItemPolicy policy) {
        this.tokenizer = tokenizer;
        this.maxLength = maxLength;
        this.transform = transform;
        this.decoder = decoder;
        this.policy = policy;
        this.imageFloats = 3 * transform.size() * transform.size();
    }

    long padId() {
        return tokenizer.padId();
    }

    int imageSize() {
        return transform.size();
    }

    PreparedBatch prepare(List<Pair> slice) {
        List<Pair> kept = new ArrayList<>(slice.size());
        List<Encoding> encodings = new ArrayList<>(slice.size());
        List<Problem> skipped = new ArrayList<>();
        float[] images = new float[slice.size() * imageFloats];
        for (Pair p : slice) {
            if (Thread.currentThread().isInterrupted()) {
                // Abandoned by reset() or close(): stop early, nobody reads this batch.
                break;
            }
            RgbImage image;
            try {
                image = decoder.decode(p.image());
            } catch (ImageDecodeException e) {
                Problem problem = new Problem(p.id(), p.image().toString(), null, e.problem());
                if (policy == ItemPolicy.FAIL) {
                    throw new UserInputException(problem.message() + " (data.item_policy is fail)", e);
                }
                skipped.add(problem);
                continue;
            }
            float[] pixels;
            Encoding encoding;
            try {
                pixels = transform.apply(image);
                encoding = tokenizer.encode(p.text(), maxLength);
            } catch (RuntimeException e) {
                throw new IllegalStateException("pair " + p.id() + " (" + p.image() + "): preprocessing failed: " + e, e);
            }
            if (pixels.length != imageFloats) {
                throw new IllegalStateException("pair " + p.id() + ": the image transform returned " + pixels.length
                        + " floats, expected 3x" + transform.size() + "x" + transform.size() + " = " + imageFloats);
            }
            if (encoding.length() == 0 || encoding.length() > maxLength) {
                throw new IllegalStateException("pair " + p.id() + ": the tokenizer returned " + encoding.length()
                        + " ids, expected 1 to " + maxLength);
            }
            System.arraycopy(pixels, 0, images, kept.size() * imageFloats, imageFloats);
            kept.add(p);
            encodings.add(encoding);
        }
        float[] packed = kept.size() == slice.size() ? images
                : java.util.Arrays.copyOf(images, kept.size() * imageFloats);
        return new PreparedBatch(List.copyOf(kept), List.copyOf(encodings), packed, List.copyOf(skipped));
    }
}
