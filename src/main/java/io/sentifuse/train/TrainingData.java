package io.sentifuse.train;

import io.sentifuse.model.BatchSource;
import io.sentifuse.model.LabelledBatch;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The parts a run trains and evaluates on, as batch sources, plus what provenance should record about them.
 *
 * @param train      the part the model learns from
 * @param validation the part that selects the best epoch and early-stops
 * @param test       the held-out part of the standard protocol, when there is one (never used for selection)
 * @param provenance sections for the run's provenance.json (dataset, split, encoders ...)
 * @param <B>        the batch type
 */
public record TrainingData<B extends LabelledBatch>(BatchSource<B> train, BatchSource<B> validation,
                                                    Optional<BatchSource<B>> test, Map<String, Object> provenance)
        implements AutoCloseable {

    public TrainingData {
        provenance = Map.copyOf(provenance);
    }

    /** Every part, train first. */
    public List<BatchSource<B>> parts() {
        List<BatchSource<B>> out = new ArrayList<>(List.of(train, validation));
        test.ifPresent(out::add);
        return out;
    }

    @Override
    public void close() {
        parts().forEach(BatchSource::close);
    }
}
