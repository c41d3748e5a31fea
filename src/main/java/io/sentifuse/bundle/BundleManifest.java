package io.sentifuse.bundle;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;
import java.util.Map;

/**
 * What a model bundle holds ({@value BundleFiles#MANIFEST}): everything a {@link Predictor} needs to turn a
 * (text, image) pair into a label, with nothing left to a cache or a package on the machine: the head, the
 * encoders' verified SameDiff graphs and their settings (tokenizer, pooling, max length, image transform), the
 * label order, the training run's configuration, figures and provenance, and the SHA-256 of every entry.
 *
 * @param format           {@value BundleFiles#FORMAT}
 * @param formatVersion    {@value BundleFiles#VERSION} for bundles this build writes
 * @param created          when it was exported (UTC, ISO-8601)
 * @param sentifuse        the version of sentifuse that wrote it
 * @param mode             {@code frozen} or {@code finetune}: how the head (and encoders) were trained
 * @param head             the fusion head
 * @param classes          label words in class-index order
 * @param fusion           the head's settings ({@code fusion.*})
 * @param dims             feature sizes the head was built for
 * @param standardize      whether the head standardises its inputs (statistics in its parameters)
 * @param exposedOutputs   the head's inspectable outputs (attention weights, gates)
 * @param text             the text encoder, or null for a head that reads no text
 * @param image            the image encoder, or null for a head that reads no image
 * @param metrics          the run's validation (and test) figures
 * @param source           where it came from: run folder, sweep folder and candidate, seed
 * @param entries          entry name to SHA-256, every entry but the manifest
 * @param members          for an ensemble (format version 2): every member head, the first being the one in
 *                         {@code head/}; the bundle predicts the equal-weight average of their probabilities.
 *                         Null for a single model
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = false)
public record BundleManifest(String format, int formatVersion, String created, String sentifuse, String mode,
                             String head, List<String> classes, Map<String, Object> fusion, Map<String, Object> dims,
                             boolean standardize, List<String> exposedOutputs, Encoder text, Encoder image,
                             Map<String, Object> metrics, Map<String, Object> source, Map<String, String> entries,
                             List<Member> members) {

    /**
     * One member of an ensemble bundle.
     *
     * @param head    its fusion head
     * @param entry   the folder entry holding its {@code FusionModel} files
     * @param runDir  the run it was trained in
     * @param metrics that run's validation (and test) figures
     * @param text    its own text encoder where its {@code text.*} settings differ from the first member's (format
     *                version {@value BundleFiles#MIXED_VERSION}), else null: it reads the bundle's
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Member(String head, String entry, String runDir, Map<String, Object> metrics, Encoder text) {
    }

    /**
     * One encoder as bundled.
     *
     * @param model        the model it was translated from (preset name or file)
     * @param sha256       that model's SHA-256 (before any fine-tuning)
     * @param graph        the entry holding its SameDiff graph
     * @param graphEntry   the entry holding the graph's metadata (inputs, outputs, verification)
     * @param tokenizer    text: the entry holding the tokenizer file
     * @param settings     its settings as the run used them ({@code text.*} or {@code image.*})
     * @param tuned        whether fine-tuning changed its weights (then {@code verification} is of the tuned graph)
     * @param verification its comparison with ONNX Runtime
     * @param extra        text: the encoders of {@code text.extra_models} in order, whose pooled vectors follow this
     *                     one's in the head's text input (format version {@value BundleFiles#ENCODER_OPTIONS_VERSION}),
     *                     else null
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Encoder(String model, String sha256, String graph, String graphEntry, String tokenizer,
                          Map<String, Object> settings, boolean tuned, Map<String, Object> verification,
                          List<Encoder> extra) {
    }

    /** The same manifest listing {@code entries}. */
    public BundleManifest withEntries(Map<String, String> entries) {
        return new BundleManifest(format, formatVersion, created, sentifuse, mode, head, classes, fusion, dims,
                standardize, exposedOutputs, text, image, metrics, source,
                java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(entries)), members);
    }
}
