package io.sentifuse.encoder.image;

import com.fasterxml.jackson.databind.JsonNode;
import io.sentifuse.files.Checksums;
import io.sentifuse.encoder.verify.VerificationCase;
import io.sentifuse.files.Json;
import io.sentifuse.image.ImageTransform;
import io.sentifuse.image.RgbImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.nd4j.linalg.factory.Nd4j;

/**
 * nsfwjs's own outputs on the bundled reference images (synthetic PPMs), computed by
 * {@code src/test/node/nsfwjs-reference.js} with TensorFlow.js on the CPU. A converted model is checked against
 * them on the same RGB pixels, with nsfwjs's preprocessing ({@code x / 255}, aligned-corner bilinear stretch).
 */
public final class NsfwjsReference {

    /** Classpath folder of the images and {@code probabilities.json}. */
    public static final String RESOURCES = "/io/sentifuse/encoder/image/nsfwjs-reference/";

    /** One reference image with nsfwjs's class probabilities. */
    public record Item(String file, RgbImage image, float[] probabilities) {
    }

    /** The outcome: the largest absolute probability difference over all images and classes, and per image. */
    public record Comparison(int images, double maxProbDiff, List<Double> perImage, String engine) {
    }

    private NsfwjsReference() {
    }

    /**
     * Verification inputs made from the reference pictures, taken in turn: for each batch size, a case feeding
     * {@code input} with {@code [batch, channels, size, size]} floats, each picture made by {@code prepare} (which
     * returns {@code channels * size * size} values).
     */
    public static List<VerificationCase> cases(String input, int[] batches, int channels, int size,
                                               Function<RgbImage, float[]> prepare) {
        List<Item> pictures = mobileNetV2();
        int per = channels * size * size;
        List<VerificationCase> out = new ArrayList<>();
        int next = 0;
        for (int batch : batches) {
            float[] x = new float[batch * per];
            for (int b = 0; b < batch; b++) {
                System.arraycopy(prepare.apply(pictures.get(next++ % pictures.size()).image()), 0, x, b * per, per);
            }
            String shape = batch + "x" + channels + "x" + size + "x" + size;
            out.add(new VerificationCase(shape, shape, Map.of(input,
                    Nd4j.createFromArray(x).reshape(batch, channels, size, size)), null));
        }
        return out;
    }

    /** The reference images and MobileNetV2 probabilities (each image's checksum verified). */
    public static List<Item> mobileNetV2() {
        JsonNode root = readJson(RESOURCES + "probabilities.json");
        List<Item> items = new ArrayList<>();
        for (JsonNode e : root.path("images")) {
            String file = e.path("file").asText();
            byte[] bytes = resource(RESOURCES + file);
            String sha = Checksums.sha256(bytes);
            if (!sha.equals(e.path("sha256").asText())) {
                throw new IllegalStateException("reference image " + file + " has sha256 " + sha
                        + " but probabilities.json was computed on " + e.path("sha256").asText());
            }
            float[] probs = new float[e.path("probabilities").size()];
            for (int i = 0; i < probs.length; i++) {
                probs[i] = (float) e.path("probabilities").get(i).asDouble();
            }
            items.add(new Item(file, Ppm.read(bytes, file), probs));
        }
        return items;
    }

    /**
     * Runs {@code runner} on every reference image (batch 1, as nsfwjs does) and compares its class output with
     * nsfwjs's probabilities.
     */
    public static Comparison compare(ImageBatchRunner runner, ImageModelSpec spec, ImageTransform transform) {
        if (spec.classOutput() == null) {
            throw new IllegalArgumentException("the model has no class output to compare");
        }
        double max = 0;
        List<Double> per = new ArrayList<>();
        List<Item> items = mobileNetV2();
        for (Item item : items) {
            float[] got = runner.run(transform.apply(item.image()), 1, spec.inputSize(), List.of(spec.classOutput()))
                    .get(spec.classOutput());
            double d = 0;
            for (int c = 0; c < item.probabilities().length; c++) {
                d = Math.max(d, Math.abs(got[c] - item.probabilities()[c]));
            }
            per.add(d);
            max = Math.max(max, d);
        }
        return new Comparison(items.size(), max, per, runner.engine());
    }

    /**
     * As {@link #compare} with every reference image in one batch: the same per-image probabilities (batch rows
     * are independent), for engines whose per-call cost dominates at batch 1 (SameDiff runs ~1200 ops per pass).
     */
    public static Comparison compareBatch(ImageBatchRunner runner, ImageModelSpec spec, ImageTransform transform) {
        if (spec.classOutput() == null) {
            throw new IllegalArgumentException("the model has no class output to compare");
        }
        List<Item> items = mobileNetV2();
        int per = 3 * spec.inputSize() * spec.inputSize();
        float[] batch = new float[items.size() * per];
        for (int i = 0; i < items.size(); i++) {
            System.arraycopy(transform.apply(items.get(i).image()), 0, batch, i * per, per);
        }
        float[] got = runner.run(batch, items.size(), spec.inputSize(), List.of(spec.classOutput()))
                .get(spec.classOutput());
        int classes = got.length / items.size();
        double max = 0;
        List<Double> perImage = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            double d = 0;
            for (int c = 0; c < items.get(i).probabilities().length; c++) {
                d = Math.max(d, Math.abs(got[i * classes + c] - items.get(i).probabilities()[c]));
            }
            perImage.add(d);
            max = Math.max(max, d);
        }
        return new Comparison(items.size(), max, perImage, runner.engine());
    }

    static JsonNode readJson(String resource) {
        try {
            return Json.mapper().readTree(resource(resource));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse " + resource, e);
        }
    }

    static byte[] resource(String name) {
        try (InputStream in = NsfwjsReference.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("resource " + name + " is missing from the build");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read resource " + name, e);
        }
    }
}
