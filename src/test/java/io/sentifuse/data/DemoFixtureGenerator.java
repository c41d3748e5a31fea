package io.sentifuse.data;

import io.sentifuse.image.TestImages;
import io.sentifuse.seeds.Seeds;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/**
 * Writes the committed demo dataset {@code datasets/fixture/demo/}: {@value #PAIRS} invented pairs in the
 * MVSA-Single layout, made by the project (templated texts, drawn 96x96 images; no real tweets or photos),
 * where the label shows partly in the text and partly in the image, so that a fusion head visibly beats both
 * single modalities and both beat the majority class.
 *
 * <p>How a pair is made (all draws from one seed): a sentiment {@code c} (positive 40%, negative 35%, neutral
 * 25%). A positive or negative pair shows {@code c} in its text only (40%: the image is a grey street), in its
 * image only (40%: the text is a factual sentence) or in both (20%); a neutral pair has a factual text and a grey
 * image. Positive texts are happy, negative texts sad or angry; positive images are warm and sunny, negative
 * ones dark with rain. The annotations are written as MVSA does (text label, image label) and the reader's merge
 * rule gives {@code c}. Then 5% of the pairs get both annotations replaced by a random label (annotator noise).
 * What this means for the figures (80/20 split, expected values): the majority class is about 40%; a model that
 * reads only the text, or only the image, can be right on about 70% (a neutral text says nothing about an
 * image-only sentiment); one that reads both, about 97% (the noise).
 *
 * <p>Regenerate: {@code mvn -q -o test-compile} then {@code java -cp target/test-classes:target/classes:$(cat cp.txt)
 * io.sentifuse.data.DemoFixtureGenerator datasets/fixture/demo} (cp.txt from {@code mvn dependency:build-classpath
 * -Dmdep.outputFile=cp.txt}); {@code DemoFixtureTest} checks the committed files against it.
 */
public final class DemoFixtureGenerator {

    /** Pairs in the demo dataset. */
    public static final int PAIRS = 400;
    static final long SEED = 20261205L;

    private static final List<String> HAPPY = List.of(
            "What a wonderful %s, so happy right now!", "Best %s ever, can't stop smiling :)",
            "Loving this beautiful %s with friends #blessed", "So proud of the team, what an amazing %s!",
            "Great news today, the %s was perfect", "Feeling grateful for this lovely %s",
            "We won!! Incredible %s, best feeling in the world", "Happy and relaxed after a fantastic %s");
    private static final List<String> SAD = List.of(
            "Worst %s ever, I'm so upset :(", "Heartbroken after the %s, can't believe it",
            "Terrible %s, rude people and nothing worked. Angry.", "So disappointed with the %s, what a waste",
            "Feeling miserable and lonely after the %s", "I hate this %s, everything went wrong",
            "Awful %s, cancelled again and nobody cares", "Sad and tired, the %s was a disaster");
    private static final List<String> FACTUAL = List.of(
            "The %s starts at %d:00 near the station.", "Photo of the %s taken on %s.",
            "Reminder: the %s moved to room %d.", "Timetable for the %s updated, see page %d.",
            "The %s is open from 9 to %d on weekdays.", "Notes from the %s on %s attached.",
            "Route %d to the %s runs every twenty minutes.", "The %s will be held in hall %d.");
    private static final List<String> EVENTS = List.of(
            "weekend", "match", "concert", "trip", "birthday", "holiday", "morning", "evening", "game", "festival",
            "day at the beach", "dinner", "meeting", "flight", "exam", "party");
    private static final List<String> DAYS = List.of(
            "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday");

    private DemoFixtureGenerator() {
    }

    public static void main(String[] args) {
        write(Path.of(args.length > 0 ? args[0] : "datasets/fixture/demo"));
    }

    /** One pair's annotations and content. */
    record Made(int id, Label text, Label image, String words, FixtureGenerator.Scene scene) {
    }

    /** The pairs, in id order, as the seed makes them. */
    static List<Made> make() {
        Random r = Seeds.of(SEED).random("demo-fixture");
        java.util.ArrayList<Made> out = new java.util.ArrayList<>();
        for (int id = 1; id <= PAIRS; id++) {
            double u = r.nextDouble();
            Label c = u < 0.40 ? Label.POSITIVE : u < 0.75 ? Label.NEGATIVE : Label.NEUTRAL;
            boolean textShows;
            boolean imageShows;
            if (c == Label.NEUTRAL) {
                textShows = false;
                imageShows = false;
            } else {
                double v = r.nextDouble();
                textShows = v < 0.6;
                imageShows = v >= 0.4;
            }
            Label text = textShows ? c : Label.NEUTRAL;
            Label image = imageShows ? c : Label.NEUTRAL;
            String words = sentence(text, r);
            FixtureGenerator.Scene scene = image == Label.POSITIVE ? FixtureGenerator.Scene.WARM
                    : image == Label.NEGATIVE ? FixtureGenerator.Scene.COLD : FixtureGenerator.Scene.GREY;
            if (r.nextDouble() < 0.05) {
                // annotator noise: both annotations say the same random label, whatever the content shows
                Label noisy = Label.ofIndex(r.nextInt(Label.COUNT));
                text = noisy;
                image = noisy;
            }
            out.add(new Made(id, text, image, words, scene));
        }
        return out;
    }

    private static String sentence(Label shown, Random r) {
        String event = EVENTS.get(r.nextInt(EVENTS.size()));
        return switch (shown) {
            case POSITIVE -> String.format(HAPPY.get(r.nextInt(HAPPY.size())), event);
            case NEGATIVE -> String.format(SAD.get(r.nextInt(SAD.size())), event);
            case NEUTRAL -> {
                String template = FACTUAL.get(r.nextInt(FACTUAL.size()));
                int n = 2 + r.nextInt(30);
                String day = DAYS.get(r.nextInt(DAYS.size()));
                // the templates take (event, number), (event, day) or (number, event)
                yield template.startsWith("Route") ? String.format(template, n, event)
                        : template.contains("%d") ? String.format(template, event, n)
                        : String.format(template, event, day);
            }
        };
    }

    /** Writes the dataset into {@code dir} (created if needed). */
    public static void write(Path dir) {
        try {
            Path data = Files.createDirectories(dir.resolve("data"));
            StringBuilder labels = new StringBuilder("ID\ttext,image\r\n");
            Random pixels = Seeds.of(SEED).random("demo-fixture-images");
            for (Made m : make()) {
                labels.append(m.id()).append('\t').append(m.text().word()).append(',').append(m.image().word())
                        .append("\r\n");
                Files.writeString(data.resolve(m.id() + ".txt"), m.words(), StandardCharsets.UTF_8);
                Files.write(data.resolve(m.id() + ".jpg"),
                        TestImages.jpeg(FixtureGenerator.draw(m.scene(), pixels), 0.8f));
            }
            Files.writeString(dir.resolve("labelResultAll.txt"), labels.toString(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the demo dataset to " + dir, e);
        }
    }
}
