package io.sentifuse.data;

import io.sentifuse.image.TestImages;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** Small MVSA-layout datasets that tests write into temporary folders. */
public final class TestDatasets {

    /** Colours of the generated images per label, so decoded pixels can be told apart. */
    public static final int WARM = 0xF0A030;
    public static final int COLD = 0x102060;
    public static final int GREY = 0x808080;

    private TestDatasets() {
    }

    /**
     * A good MVSA-Single dataset of {@code n} pairs, ids 1..n; labels cycle positive, negative, neutral
     * (text = image label), texts "text of pair ID" plus as many words as the id (different lengths).
     */
    public static Path mvsaSingle(Path dir, int n) {
        StringBuilder labels = new StringBuilder("ID\ttext,image\r\n");
        for (int i = 1; i <= n; i++) {
            Label l = labelOf(i);
            labels.append(i).append('\t').append(l.word()).append(',').append(l.word()).append("\r\n");
            pair(dir, String.valueOf(i), "text of pair " + i + " word".repeat(i % 7), jpeg(colourOf(l)));
        }
        labelFile(dir, labels.toString());
        return dir;
    }

    public static Label labelOf(int id) {
        return switch (id % 3) {
            case 1 -> Label.POSITIVE;
            case 2 -> Label.NEGATIVE;
            default -> Label.NEUTRAL;
        };
    }

    public static int colourOf(Label l) {
        return switch (l) {
            case POSITIVE -> WARM;
            case NEGATIVE -> COLD;
            case NEUTRAL -> GREY;
        };
    }

    public static byte[] jpeg(int rgb) {
        return TestImages.jpeg(TestImages.halves(40, 30, rgb, rgb), 0.9f);
    }

    public static byte[] truncatedJpeg() {
        byte[] full = TestImages.jpeg(TestImages.halves(200, 150, WARM, COLD), 0.95f);
        return Arrays.copyOf(full, full.length / 2);
    }

    public static void labelFile(Path dir, String content) {
        write(dir.resolve("labelResultAll.txt"), content.getBytes(StandardCharsets.UTF_8));
    }

    public static void pair(Path dir, String id, String text, byte[] image) {
        text(dir, id, text.getBytes(StandardCharsets.UTF_8));
        write(dir.resolve("data").resolve(id + ".jpg"), image);
    }

    public static void text(Path dir, String id, byte[] bytes) {
        write(dir.resolve("data").resolve(id + ".txt"), bytes);
    }

    public static void write(Path file, byte[] bytes) {
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The committed fixture, resolved from the working directory (the repository root under Maven). */
    public static Path fixture() {
        return Path.of("datasets/fixture/mvsa-single");
    }
}
