package io.sentifuse.encoder;

import io.sentifuse.config.TextConfig;
import io.sentifuse.encoder.onnx.proto.OnnxModel;
import io.sentifuse.errors.UserInputException;
import io.sentifuse.text.Tokenizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * What {@code text.model} names, with the settings left to it resolved: a {@link TextPreset} (its jar's model and
 * tokenizer, its pooling and prefix) or an ONNX file (mean pooling and no prefix, as before presets existed).
 * Everything that encodes text asks this class, so frozen features, fine-tuning and import agree.
 *
 * @param preset  the preset, or null for an ONNX file
 * @param source  the model
 * @param pooling MEAN or CLS, never AUTO
 * @param prefix  put before every text ahead of tokenisation ("" for none)
 */
public record TextModelChoice(TextPreset preset, ModelSource source, TextConfig.Pooling pooling, String prefix) {

    /** {@code text.prefix} value that takes the preset's own prefix (none for an ONNX file). */
    public static final String AUTO_PREFIX = "auto";

    public TextModelChoice {
        if (pooling == TextConfig.Pooling.AUTO) {
            throw new IllegalArgumentException("pooling must be resolved, not auto");
        }
    }

    /** The experiment's text model with its pooling and prefix resolved. */
    public static TextModelChoice of(TextConfig text) {
        TextPreset preset = preset(text.model(), "text.model");
        TextConfig.Pooling pooling = text.pooling() != TextConfig.Pooling.AUTO ? text.pooling()
                : preset != null ? preset.pooling() : TextConfig.Pooling.MEAN;
        String prefix = !AUTO_PREFIX.equals(text.prefix()) ? text.prefix() : preset != null ? preset.prefix() : "";
        return build(preset, text.model(), pooling, prefix).withLayers(text.layers());
    }

    /**
     * This choice with its token states averaged over {@code layers} ({@code text.layers}, {@link TextLayers}): the
     * model rewritten on first use, under another name and key; itself for [-1], the model as exported.
     */
    public TextModelChoice withLayers(List<Integer> layers) {
        TextLayers.check(layers, "text.layers");
        if (TextLayers.isLastOnly(layers)) {
            return this;
        }
        String name = source.name();
        ModelSource averaged = source.rewritten("@layers=" + TextLayers.label(layers) + "-v" + TextLayers.VERSION,
                bytes -> {
                    OnnxModel model = OnnxModel.parse(bytes, name);
                    String states = TextEncoder.stateOutput(model.outputs().stream().map(OnnxModel.Port::name).toList(),
                            name);
                    return TextLayers.average(model.proto(), layers, states, name).toByteArray();
                });
        return new TextModelChoice(preset, averaged, pooling, prefix);
    }

    /** The model a name denotes (a preset name or an ONNX file), with the preset's defaults or the file's. */
    public static TextModelChoice named(String model, String what) {
        TextPreset preset = preset(model, what);
        if (preset == null && !Files.isRegularFile(Path.of(model))) {
            throw new UserInputException(what + ": " + model + " is neither a text preset (" + TextPreset.known()
                    + ") nor an ONNX file");
        }
        return build(preset, model, preset != null ? preset.pooling() : TextConfig.Pooling.MEAN,
                preset != null ? preset.prefix() : "");
    }

    /**
     * The preset {@code model} names, or null when it is a file path. A value that is neither a preset nor
     * looks like a path (no folder separator, no .onnx ending, no such file) is a mistyped preset: exit 2 listing
     * the presets, rather than "file not found".
     */
    static TextPreset preset(String model, String what) {
        var found = TextPreset.find(model);
        if (found.isPresent()) {
            return found.get();
        }
        boolean pathLike = model.contains("/") || model.contains("\\")
                || model.toLowerCase(Locale.ROOT).endsWith(".onnx") || Files.exists(Path.of(model));
        if (!pathLike) {
            TextPreset.require(model, what);
        }
        return null;
    }

    /** Whether this is a preset (its model and tokenizer from a jar), not a file. */
    public boolean isPreset() {
        return preset != null;
    }

    /**
     * The tokenizer file: {@code explicit} when given, else the preset's own (copied out of its jar into the
     * cache) or a tokenizer.json / vocab.txt beside the model file.
     */
    public Path tokenizerFile(String explicit, Path cacheRoot) {
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit);
        }
        Path file = preset != null ? preset.tokenizerFile(cacheRoot) : TextTokenizers.beside(source);
        if (file == null) {
            throw new UserInputException("text.tokenizer: no tokenizer.json or vocab.txt beside " + source.name()
                    + "; name the tokenizer file with text.tokenizer");
        }
        return file;
    }

    /**
     * The tokenizer file of an encoder named under {@code key} ({@code text.extra_models[0]}), which has no
     * tokenizer setting of its own: the preset's, or the file beside the model.
     */
    public Path tokenizerFile(Path cacheRoot, String key) {
        requireBesideTokenizer(key);
        return tokenizerFile("", cacheRoot);
    }

    /** An ONNX file named under {@code key} must have its tokenizer beside it (a preset has its own). */
    public void requireBesideTokenizer(String key) {
        if (preset == null && TextTokenizers.beside(source) == null) {
            throw new UserInputException(key + ": no tokenizer.json or vocab.txt beside " + source.name() + "; an "
                    + "extra text encoder reads the tokenizer beside its model");
        }
    }

    /** The tokenizer of {@code file}, putting {@link #prefix()} before every text. */
    public Tokenizer tokenizer(Path file) {
        return TextTokenizers.load(file).withPrefix(prefix);
    }

    private static TextModelChoice build(TextPreset preset, String model, TextConfig.Pooling pooling, String prefix) {
        return new TextModelChoice(preset, preset != null ? preset.source() : ModelSource.file(Path.of(model)), pooling,
                prefix);
    }
}
