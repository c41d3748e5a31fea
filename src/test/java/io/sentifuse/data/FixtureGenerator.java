package io.sentifuse.data;

import io.sentifuse.image.TestImages;
import io.sentifuse.seeds.Seeds;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Writes the committed fixture {@code datasets/fixture/mvsa-single/}: 24 invented pairs in the MVSA-Single
 * layout, drawn and written by the project (no real tweets or photos).
 *
 * <p>The classes are learnable and need both modalities: positive images are warm and bright (orange sky,
 * sun), negative ones dark and cold (night blue, rain), neutral ones grey; texts carry happy, sad or
 * factual words. Six pairs have a neutral text or image, so their merged label comes from the other
 * modality alone. Special cases: a GB18030 and a windows-1252 text, a positive/negative conflict (dropped),
 * a truncated JPEG (a problem), a PNG behind a {@code .jpg} name and a greyscale JPEG.
 *
 * <p>Regenerate: {@code mvn -q -o test-compile} then
 * {@code java -cp target/test-classes:target/classes:$(cat cp.txt) io.sentifuse.data.FixtureGenerator datasets/fixture/mvsa-single}.
 */
public final class FixtureGenerator {

    enum Scene { WARM, COLD, GREY }

    /** One pair: labels, text, how its image is drawn and stored. */
    record Spec(int id, Label text, Label image, String words, Charset charset, Scene scene, String storage) {
    }

    static final Charset GB18030 = Charset.forName("GB18030");
    static final Charset CP1252 = Charset.forName("windows-1252");

    static final List<Spec> PAIRS = List.of(
            spec(1, "positive", "positive", "What a gorgeous sunny morning at the beach! So happy :)", Scene.WARM),
            spec(2, "positive", "positive", "Best day ever with my friends, we won the final!! #happy", Scene.WARM),
            spec(3, "positive", "positive", "Love this warm golden sunset, life is beautiful", Scene.WARM),
            new Spec(4, Label.POSITIVE, Label.POSITIVE, "Sunny picnic in the park with the family, perfect day\u2026",
                    GB18030, Scene.WARM, "jpeg"),
            spec(5, "positive", "positive", "So excited for the summer holidays, can't stop smiling!", Scene.WARM),
            spec(6, "neutral", "positive", "Photo taken on Saturday at 6pm near the harbour.", Scene.WARM),
            spec(7, "neutral", "positive", "Our garden, view from the kitchen window.", Scene.WARM),
            spec(8, "positive", "neutral", "Thank you all for the amazing birthday wishes, I love you!", Scene.GREY),
            spec(9, "negative", "negative", "Stuck in the freezing rain again, worst day ever :(", Scene.COLD),
            spec(10, "negative", "negative", "So sad to hear the news tonight. Heartbroken.", Scene.COLD),
            spec(11, "negative", "negative", "Lost my phone and missed the last train. Terrible night.", Scene.COLD),
            new Spec(12, Label.NEGATIVE, Label.NEGATIVE, "Our favourite caf\u00e9 closed for good, raining and miserable",
                    CP1252, Scene.COLD, "jpeg"),
            spec(13, "negative", "negative", "Dark, cold and lonely. I hate winter evenings.", Scene.COLD),
            spec(14, "neutral", "negative", "Street view at 11pm, Tuesday.", Scene.COLD),
            spec(15, "neutral", "negative", "The road outside the station this evening.", Scene.COLD),
            spec(16, "negative", "neutral", "Awful service and rude staff, really disappointed and angry", Scene.GREY),
            spec(17, "neutral", "neutral", "The meeting moved to room 204 at 3pm.", Scene.GREY),
            new Spec(18, Label.NEUTRAL, Label.NEUTRAL, "The library opens at 9am on weekdays.", StandardCharsets.UTF_8,
                    Scene.GREY, "png"),
            new Spec(19, Label.NEUTRAL, Label.NEUTRAL, "Bus timetable updated for the new route 12.",
                    StandardCharsets.UTF_8, Scene.GREY, "grey"),
            spec(20, "neutral", "neutral", "Quarterly report published today, see page 4.", Scene.GREY),
            spec(21, "neutral", "neutral", "Office building on the corner of Main Street.", Scene.GREY),
            spec(22, "positive", "negative", "Great party tonight, so much fun with everyone!", Scene.COLD),
            new Spec(23, Label.POSITIVE, Label.POSITIVE, "Happy sunny weekend at the lake, loving it!",
                    StandardCharsets.UTF_8, Scene.WARM, "truncated"),
            spec(24, "neutral", "neutral", "Parking lot B is closed on Monday for repairs.", Scene.GREY));

    private FixtureGenerator() {
    }

    public static void main(String[] args) {
        write(Path.of(args.length > 0 ? args[0] : "datasets/fixture/mvsa-single"));
    }

    /** Writes the fixture into {@code dir} (created if needed). */
    public static void write(Path dir) {
        try {
            Path data = Files.createDirectories(dir.resolve("data"));
            StringBuilder labels = new StringBuilder("ID\ttext,image\r\n");
            for (Spec s : PAIRS) {
                labels.append(s.id()).append('\t').append(s.text().word()).append(',').append(s.image().word())
                        .append("\r\n");
                Files.write(data.resolve(s.id() + ".txt"), s.words().getBytes(s.charset()));
                Files.write(data.resolve(s.id() + ".jpg"), image(s));
            }
            Files.writeString(dir.resolve("labelResultAll.txt"), labels.toString(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the fixture to " + dir, e);
        }
    }

    static byte[] image(Spec s) {
        BufferedImage img = draw(s.scene(), Seeds.of(20240601L).random("fixture-" + s.id()));
        return switch (s.storage()) {
            case "png" -> TestImages.encode(img, "png");
            case "grey" -> {
                BufferedImage grey = new BufferedImage(img.getWidth(), img.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
                grey.getGraphics().drawImage(img, 0, 0, null);
                yield TestImages.jpeg(grey, 0.8f);
            }
            case "truncated" -> {
                byte[] full = TestImages.jpeg(img, 0.8f);
                yield Arrays.copyOf(full, full.length * 6 / 10);
            }
            default -> TestImages.jpeg(img, 0.8f);
        };
    }

    /** A 96x96 scene; {@code r} varies positions and shades so no two images are alike. */
    static BufferedImage draw(Scene scene, Random r) {
        int size = 96;
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        int horizon = 55 + r.nextInt(20);
        switch (scene) {
            case WARM -> {
                g.setPaint(new GradientPaint(0, 0, new Color(255, 120 + r.nextInt(40), 40),
                        0, horizon, new Color(255, 210, 90 + r.nextInt(40))));
                g.fillRect(0, 0, size, horizon);
                g.setColor(new Color(255, 240, 120));
                int d = 22 + r.nextInt(12);
                g.fillOval(10 + r.nextInt(50), 8 + r.nextInt(20), d, d);
                g.setColor(new Color(200 + r.nextInt(40), 150, 60));
                g.fillRect(0, horizon, size, size - horizon);
            }
            case COLD -> {
                g.setPaint(new GradientPaint(0, 0, new Color(10, 15, 40 + r.nextInt(30)),
                        0, horizon, new Color(30, 45, 90 + r.nextInt(30))));
                g.fillRect(0, 0, size, horizon);
                g.setColor(new Color(20, 25, 35));
                g.fillRect(0, horizon, size, size - horizon);
                g.setColor(new Color(120, 140, 170));
                g.setStroke(new BasicStroke(1f));
                for (int i = 0; i < 25; i++) {
                    int x = r.nextInt(size);
                    int y = r.nextInt(size);
                    g.drawLine(x, y, x - 4, y + 10);
                }
            }
            case GREY -> {
                int base = 130 + r.nextInt(30);
                g.setColor(new Color(base, base, base));
                g.fillRect(0, 0, size, size);
                for (int i = 0; i < 3; i++) {
                    int v = 90 + r.nextInt(80);
                    g.setColor(new Color(v, v, v + 5));
                    g.fillRect(r.nextInt(60), 20 + r.nextInt(40), 20 + r.nextInt(20), 30 + r.nextInt(30));
                }
            }
            default -> throw new IllegalArgumentException(scene.toString());
        }
        g.dispose();
        return img;
    }

    private static Spec spec(int id, String text, String image, String words, Scene scene) {
        return new Spec(id, Label.parse(text).orElseThrow(), Label.parse(image).orElseThrow(), words,
                StandardCharsets.UTF_8, scene, "jpeg");
    }
}
