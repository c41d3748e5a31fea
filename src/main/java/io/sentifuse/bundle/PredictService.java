package io.sentifuse.bundle;

import io.sentifuse.config.DataConfig.ItemPolicy;
import io.sentifuse.data.CheckedDataset;
import io.sentifuse.data.Pair;
import io.sentifuse.data.PairRecordReader;
import io.sentifuse.data.Problem;
import io.sentifuse.errors.UserInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.datavec.api.writable.Writable;

/**
 * {@code sentifuse predict}: pairs through a model bundle, streamed in batches through the DataVec reader (labelled
 * or unlabelled; a folder in any dataset format or a manifest), or one pair given on the command line. Each
 * prediction goes to the consumer as soon as its batch is done.
 */
public final class PredictService {

    /** Pairs per forward pass. */
    public static final int BATCH = 16;

    /**
     * What a prediction pass did.
     *
     * @param predicted pairs predicted
     * @param skipped   pairs left out (unreadable image, bad record), each with its problem
     */
    public record Summary(int predicted, List<Problem> skipped) {
    }

    private PredictService() {
    }

    /** One pair: {@code text} and the image file {@code image}. */
    public static Prediction one(Predictor predictor, String text, Path image) {
        if (text == null || text.isBlank()) {
            throw new UserInputException("--text: give the text of the pair (it is empty)");
        }
        if (predictor.readsImages() && (image == null || !Files.isRegularFile(image))) {
            throw new UserInputException("--image: " + (image == null ? "give the image file of the pair"
                    : image + " is not a file"));
        }
        Path file = image == null ? Path.of("none.jpg") : image;
        PairRecordReader one = PairRecordReader.of(List.of(new Pair("input", text, "UTF-8", file, null, null, null)));
        Predictor.Batch b = predictor.predict(one.records());
        if (!b.problems().isEmpty()) {
            throw new UserInputException("--image " + image + ": " + b.problems().get(0).problem());
        }
        return b.predictions().get(0);
    }

    /**
     * Every usable pair of the dataset at {@code data} (format {@code format}), in batches; under {@code strict}
     * the first problem (a bad record, an unreadable image) stops with an error naming it.
     */
    public static Summary data(Predictor predictor, Path data, String format, boolean strict,
                               Consumer<Prediction> out) {
        return data(predictor, data, format, strict, Integer.MAX_VALUE, null, out);
    }

    /**
     * As {@link #data(Predictor, Path, String, boolean, Consumer)}, over the dataset's first {@code limit} records
     * and, when {@code only} is not null, only the pairs with those ids (a split part: the others are never
     * encoded; an id the dataset lacks is bad input naming it).
     */
    public static Summary data(Predictor predictor, Path data, String format, boolean strict, int limit,
                               Collection<String> only, Consumer<Prediction> out) {
        ItemPolicy policy = strict ? ItemPolicy.FAIL : ItemPolicy.SKIP;
        CheckedDataset checked = CheckedDataset.read(data, format, policy, 2, false);
        List<Problem> skipped = new ArrayList<>(checked.dataset().problems());
        PairRecordReader reader = checked.reader();
        if (only != null) {
            Set<String> ids = Set.copyOf(only);
            skipped.removeIf(p -> !ids.contains(p.id()));
            reader = reader.part(only);
        }
        int predicted = 0;
        int read = 0;
        List<List<Writable>> batch = new ArrayList<>(BATCH);
        reader.reset();
        while (reader.hasNext() && read < limit) {
            batch.add(reader.next());
            read++;
            if (batch.size() == BATCH || !reader.hasNext() || read == limit) {
                Predictor.Batch b = predictor.predict(batch);
                if (strict && !b.problems().isEmpty()) {
                    throw new UserInputException(b.problems().get(0).message() + " (--strict stops at the first "
                            + "problem; without it such pairs are skipped and listed)");
                }
                skipped.addAll(b.problems());
                b.predictions().forEach(out);
                predicted += b.predictions().size();
                batch.clear();
            }
        }
        return new Summary(predicted, skipped);
    }
}
