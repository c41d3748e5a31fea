package io.sentifuse.data.stream;

import io.sentifuse.config.DataConfig.ItemPolicy;
import io.sentifuse.data.PairRecords;
import io.sentifuse.data.Problem;
import io.sentifuse.errors.UserInputException;
import io.sentifuse.image.ImageDecodeException;
import io.sentifuse.image.ImageDecoder;
import io.sentifuse.image.ImageTransform;
import io.sentifuse.image.RgbImage;
import io.sentifuse.text.Encoding;
import io.sentifuse.text.Tokenizer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.datavec.api.writable.Writable;

/**
 * Turns the records of one batch ({@link PairRecords}) into arrays: tokenizes texts, decodes and transforms
 * images, keeps ids and class indices as they come. Runs on the decoding threads; stateless apart from its
 * (thread-safe) collaborators. When the images' features come from elsewhere (a frozen CNN's feature cache), images
 * are not decoded: the pairs whose image is known to be unreadable are left out (or fail the run) exactly where
 * decoding would have left them out, so the batches are the same as with decoding.
 */
final class BatchPreparer {

    private final Tokenizer tokenizer;
    private final int maxLength;
    private final ImageTransform transform;
    private final ImageDecoder decoder;
    private final ItemPolicy policy;
    private final Function<String, String> knownImageProblems;
    private final int imageFloats;

    /**
     * @param knownImageProblems null to decode images; otherwise images are not decoded and this names the problem
     *                           of a pair's image (null when it is readable), as decoding it would have
     */
    BatchPreparer(Tokenizer tokenizer, int maxLength, ImageTransform transform, ImageDecoder decoder,
                  ItemPolicy policy, Function<String, String> knownImageProblems) {
        this.tokenizer = tokenizer;
        this.maxLength = maxLength;
        this.transform = transform;
        this.decoder = decoder;
        this.policy = policy;
        this.knownImageProblems = knownImageProblems;
        this.imageFloats = knownImageProblems != null ? 0 : 3 * transform.size() * transform.size();
    }

    long padId() {
        return tokenizer.padId();
    }

    int imageSize() {
        return transform.size();
    }

    PreparedBatch prepare(List<List<Writable>> records) {
        List<String> ids = new ArrayList<>(records.size());
        int[] labels = new int[records.size()];
        List<Encoding> encodings = new ArrayList<>(records.size());
        List<Problem> skipped = new ArrayList<>();
        float[] images = new float[records.size() * imageFloats];
        for (List<Writable> r : records) {
            if (Thread.currentThread().isInterrupted()) {
                // Abandoned by a new pass or close(): stop early, nobody reads this batch.
                break;
            }
            String id = PairRecords.id(r);
            Path file = PairRecords.image(r);
            Problem problem = null;
            RgbImage image = null;
            if (knownImageProblems != null) {
                String known = knownImageProblems.apply(id);
                problem = known == null ? null : new Problem(id, file.toString(), null, known);
            } else {
                try {
                    image = decoder.decode(file);
                } catch (ImageDecodeException e) {
                    problem = new Problem(id, file.toString(), null, e.problem());
                }
            }
            if (problem != null) {
                if (policy == ItemPolicy.FAIL) {
                    throw new UserInputException(problem.message() + " (data.item_policy is fail)");
                }
                skipped.add(problem);
                continue;
            }
            float[] pixels;
            Encoding encoding;
            try {
                pixels = image == null ? new float[0] : transform.apply(image);
                encoding = tokenizer.encode(PairRecords.text(r), maxLength);
            } catch (RuntimeException e) {
                throw new IllegalStateException("pair " + id + " (" + file + "): preprocessing failed: " + e, e);
            }
            if (pixels.length != imageFloats) {
                throw new IllegalStateException("pair " + id + ": the image transform returned " + pixels.length
                        + " floats, expected 3x" + transform.size() + "x" + transform.size() + " = " + imageFloats);
            }
            if (encoding.length() == 0 || encoding.length() > maxLength) {
                throw new IllegalStateException("pair " + id + ": the tokenizer returned " + encoding.length()
                        + " ids, expected 1 to " + maxLength);
            }
            System.arraycopy(pixels, 0, images, ids.size() * imageFloats, imageFloats);
            labels[ids.size()] = PairRecords.label(r);
            ids.add(id);
            encodings.add(encoding);
        }
        int n = ids.size();
        float[] packed = n == records.size() ? images : Arrays.copyOf(images, n * imageFloats);
        return new PreparedBatch(List.copyOf(ids), Arrays.copyOf(labels, n), List.copyOf(encodings), packed,
                List.copyOf(skipped));
    }
}
