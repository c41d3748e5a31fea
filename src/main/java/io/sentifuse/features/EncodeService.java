package io.sentifuse.features;

import io.sentifuse.config.ExperimentConfig;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code sentifuse encode}: fills (or confirms) the text and image feature stores of an experiment's dataset. */
public final class EncodeService {

    private EncodeService() {
    }

    /**
     * What the stores hold.
     *
     * @param datasetSha256 the dataset's checksum
     * @param pairs         usable pairs of the dataset
     * @param text          text store facts (folder, key, dim, longest sequence, encoder verification)
     * @param image         image store facts (folder, key, dim, regions, pairs without a readable image)
     * @param seconds       wall time, fills included
     */
    public record Result(String datasetSha256, int pairs, Map<String, Object> text, Map<String, Object> image,
                         double seconds) {
    }

    public static Result run(ExperimentConfig config, FillListener listener) {
        long start = System.nanoTime();
        FeaturePreparation.Prepared p = FeaturePreparation.prepare(config, true, true, listener);
        Map<String, Object> text = new LinkedHashMap<>();
        text.put("store", p.text().dir().toString());
        text.put("key", p.text().key());
        text.put("dim", p.text().dim());
        text.put("longest_sequence", p.text().maxLength());
        text.putAll(p.text().provenance());
        Map<String, Object> image = new LinkedHashMap<>();
        image.put("store", p.image().dir().toString());
        image.put("key", p.image().key());
        image.put("dim", p.image().dim());
        image.put("regions", p.image().regions());
        image.put("unreadable", p.image().missingPairs());
        image.putAll(p.image().provenance());
        return new Result(p.datasetChecksum(), p.dataset().items().size(), text, image,
                (System.nanoTime() - start) / 1e9);
    }
}
