package io.sentifuse.finetune;

import com.fasterxml.jackson.databind.JsonNode;
import io.sentifuse.config.ConfigSchema;
import io.sentifuse.config.FusionConfig;
import io.sentifuse.config.ImageConfig;
import io.sentifuse.config.TextConfig;
import io.sentifuse.config.TrainingConfig;
import io.sentifuse.data.Label;
import io.sentifuse.encoder.TextPreset;
import io.sentifuse.encoder.image.DefaultImageModel;
import io.sentifuse.errors.UserInputException;
import io.sentifuse.files.Json;
import io.sentifuse.fusion.FusionHeads;
import io.sentifuse.fusion.ModelMeta;
import io.sentifuse.model.NamedArrays;
import io.sentifuse.model.ParamSpec;
import io.sentifuse.seeds.Seeds;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The folder form of a {@link FineTuneModel} (a run's {@code model/} and every checkpoint):
 * <ul>
 *   <li>{@value #MODEL_FILE}: format, head, fusion settings, which encoders were tuned, the text and image
 *       settings (model paths made absolute) with the SHA-256 of each encoder model, class order, the trainable
 *       parameters with their optimiser group;</li>
 *   <li>{@value #PARAMETERS_FILE}: every trainable value, bit-exact: the head's and the tuned encoders'
 *       weights (all of MiniLM's ~22.7 M values when the text encoder trains, ~90 MB);</li>
 *   <li>{@value #TOKENIZER_DIR}/: a copy of the tokenizer file (and a vocab.txt's tokenizer_config.json).</li>
 * </ul>
 * The encoders' graphs are not copied: loading translates them again from the sources {@value #MODEL_FILE}
 * names (the default models from their packages) and refuses a source whose SHA-256 differs; the weights that
 * did not train are those sources' own.
 */
final class FineTuneModelFiles {

    static final String FORMAT = "sentifuse-finetune-model-v1";
    static final String MODEL_FILE = "model.json";
    static final String PARAMETERS_FILE = "parameters.bin";
    static final String TOKENIZER_DIR = "tokenizer";
    private static final String TOKENIZER_CONFIG = "tokenizer_config.json";

    private FineTuneModelFiles() {
    }

    static void save(FineTuneModel model, Path dir) {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("format", FORMAT);
        meta.put("head", model.headName());
        meta.put("fusion", Json.mapper().convertValue(model.fusion(), Map.class));
        meta.put("finetune", ConfigSchema.yamlEnum(model.finetune()));
        meta.put("dims", Json.mapper().convertValue(model.dims(), Map.class));
        FineTuneEncoders enc = model.encoders();
        Map<String, Object> text = new LinkedHashMap<>();
        text.put("config", Json.mapper().convertValue(absolute(model.textConfig()), Map.class));
        text.put("sha256", enc.text() == null ? null : enc.text().sha256());
        text.put("tokenizer", enc.tokenizerFile().getFileName().toString());
        meta.put("text", text);
        Map<String, Object> image = new LinkedHashMap<>();
        image.put("config", Json.mapper().convertValue(absolute(model.imageConfig()), Map.class));
        image.put("sha256", enc.image() == null ? null : enc.image().sha256());
        meta.put("image", image);
        List<String> classes = new ArrayList<>();
        for (Label l : Label.values()) {
            classes.add(l.word());
        }
        meta.put("classes", classes);
        Map<String, String> groups = new LinkedHashMap<>();
        model.parameterSpecs().forEach((k, v) -> groups.put(k, v.group()));
        meta.put("parameters", groups);
        meta.put("exposed_outputs", model.exposedOutputs());
        Map<String, INDArray> arrays = new LinkedHashMap<>();
        for (Map.Entry<String, ParamSpec> e : model.parameterSpecs().entrySet()) {
            arrays.put(e.getKey(), model.parameter(e.getKey()));
        }
        try {
            Path tok = Files.createDirectories(dir.resolve(TOKENIZER_DIR));
            Files.copy(enc.tokenizerFile(), tok.resolve(enc.tokenizerFile().getFileName()),
                    StandardCopyOption.REPLACE_EXISTING);
            Path config = enc.tokenizerFile().toAbsolutePath().resolveSibling(TOKENIZER_CONFIG);
            if (!enc.tokenizerFile().getFileName().toString().endsWith(".json") && Files.isRegularFile(config)) {
                Files.copy(config, tok.resolve(TOKENIZER_CONFIG), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy the tokenizer into " + dir, e);
        }
        NamedArrays.write(dir.resolve(PARAMETERS_FILE), arrays);
        Json.write(dir.resolve(MODEL_FILE), meta);
    }

    static FineTuneModel load(Path dir, Path cacheRoot) {
        Path metaFile = dir.resolve(MODEL_FILE);
        JsonNode meta = ModelMeta.read(dir, MODEL_FILE, PARAMETERS_FILE, FORMAT, "fine-tuned model");
        FusionConfig fusion = Json.mapper().convertValue(meta.get("fusion"), FusionConfig.class);
        TextConfig text = Json.mapper().convertValue(meta.at("/text/config"), TextConfig.class);
        if (text.prefix() == null) {
            // saved before text.prefix existed: no prefix was used then
            text = new TextConfig(text.model(), text.tokenizer(), text.maxLength(), text.pooling(), "",
                    text.extraModels(), text.layers());
        }
        ImageConfig image = Json.mapper().convertValue(meta.at("/image/config"), ImageConfig.class);
        TrainingConfig.Finetune finetune = TrainingConfig.Finetune.valueOf(
                meta.path("finetune").asText().toUpperCase(Locale.ROOT));
        Path tokenizer = dir.resolve(TOKENIZER_DIR).resolve(meta.at("/text/tokenizer").asText());
        var head = FusionHeads.get(fusion.head());
        FineTuneEncoders enc = FineTuneEncoders.open(text, image, cacheRoot, FineTuneGraphBuilder.readsText(head),
                FineTuneGraphBuilder.readsImage(head), finetune, tokenizer);
        requireSame(metaFile, "text", meta.at("/text/sha256"), enc.text() == null ? null : enc.text().sha256(),
                text.model());
        requireSame(metaFile, "image", meta.at("/image/sha256"), enc.image() == null ? null : enc.image().sha256(),
                image.model());
        FineTuneModel model = FineTuneModel.build(enc, text, image, fusion, finetune, Seeds.of(0));
        model.restore(dir);
        return model;
    }

    private static void requireSame(Path metaFile, String which, JsonNode recorded, String actual, String model) {
        if (recorded.isTextual() && !recorded.asText().equals(actual)) {
            throw new UserInputException(metaFile + ": the " + which + " encoder " + model + " now has SHA-256 "
                    + actual + " but the model was fine-tuned from " + recorded.asText()
                    + "; its untuned weights and graph must be the same model's");
        }
    }

    private static TextConfig absolute(TextConfig t) {
        return new TextConfig(TextPreset.find(t.model()).isPresent() ? t.model() : abs(t.model()),
                t.tokenizer().isBlank() ? t.tokenizer() : abs(t.tokenizer()), t.maxLength(), t.pooling(), t.prefix(),
                t.extraModels(), t.layers());
    }

    private static ImageConfig absolute(ImageConfig i) {
        return new ImageConfig(DefaultImageModel.named(i.model()).isPresent() ? i.model() : abs(i.model()),
                i.resize(), i.size(), i.resizeShorter(), i.normalize(), i.layer(),
                i.tta(), i.faces());
    }

    private static String abs(String path) {
        return Path.of(path).toAbsolutePath().normalize().toString();
    }
}
