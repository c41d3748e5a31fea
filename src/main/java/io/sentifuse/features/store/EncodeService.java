package io.sentifuse.features.store;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.sentifuse.config.ExperimentConfig;
import java.util.List;
import java.util.Map;

/**
 * {@code sentifuse encode}: fills (or confirms, checksums included) the text and image feature stores of an
 * experiment's dataset.
 */
public final class EncodeService {

    private EncodeService() {
    }

    /**
     * What the stores hold.
     *
     * @param datasetSha256 the dataset's checksum
     * @param pairs         usable pairs of the dataset (by their labels)
     * @param text          the text store
     * @param image         the image store
     * @param seconds       wall time, fills included
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Result(String datasetSha256, int pairs, TextFacts text, List<TextFacts> extraTexts, ImageFacts image,
                         double seconds) {
    }

    /**
     * @param store           the store's folder
     * @param key             its key (SHA-256 of its identity)
     * @param dim             hidden size
     * @param longestSequence the longest token sequence stored
     * @param encoder         the encoder's verification and the fill's figures, as recorded at fill time
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record TextFacts(String store, String key, int dim, int longestSequence, Map<String, Object> encoder) {
    }

    /**
     * @param unreadable  pair id to the problem with its image (those pairs are left out of training)
     * @param joinedStore the face store joined to the CNN's ({@code image.faces}), or null; {@code dim} counts both
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record ImageFacts(String store, String key, int dim, int regions, Map<String, String> unreadable,
                             Map<String, Object> encoder, String joinedStore) {
    }

    public static Result run(ExperimentConfig config, FillListener listener) {
        long start = System.nanoTime();
        FeaturePreparation.Prepared p = FeaturePreparation.prepare(config, true, true, listener);
        TextFacts text = facts(p.text());
        List<TextFacts> extra = p.extraTexts().stream().map(e -> facts(e.store())).toList();
        ImageFacts image = new ImageFacts(p.image().dir().toString(), p.image().key(), p.image().dim(),
                p.image().regions(), p.image().missingPairs(), p.image().provenance(),
                p.image().joinedStore() == null ? null : p.image().joinedStore().dir().toString());
        return new Result(p.dataset().checksum(), p.dataset().dataset().items().size(), text, extra, image,
                (System.nanoTime() - start) / 1e9);
    }

    private static TextFacts facts(TextStore store) {
        return new TextFacts(store.dir().toString(), store.key(), store.dim(), store.maxLength(), store.provenance());
    }
}
