package io.sentifuse.encoder;

import io.sentifuse.text.Tokenizer;
import io.sentifuse.text.Tokenizers;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the encoder package obtains a {@link Tokenizer}: a given file, the file beside a model, or the
 * default model's tokenizer from its jar (a preset's: {@link TextPreset#tokenizerFile}).
 */
public final class TextTokenizers {

    private TextTokenizers() {
    }

    /** The tokenizer of a tokenizer.json or vocab.txt file. */
    public static Tokenizer load(Path file) {
        return Tokenizers.load(file);
    }

    /** File names looked for beside a model file when no tokenizer is given, in order. */
    static final java.util.List<String> BESIDE = java.util.List.of("tokenizer.json", "vocab.txt");

    /** A tokenizer.json or vocab.txt in the model file's folder (as HF optimum exports write them), or null. */
    public static Path beside(ModelSource model) {
        Path file = model.file();
        if (file == null || file.toAbsolutePath().getParent() == null) {
            return null;
        }
        return BESIDE.stream().map(n -> file.toAbsolutePath().getParent().resolve(n)).filter(Files::isRegularFile)
                .findFirst().orElse(null);
    }

    /** The default model's tokenizer.json, copied out of its jar into the cache folder on first use. */
    public static Path defaultTokenizerFile(Path cacheRoot) {
        return TextPreset.ALL_MINILM_L6_V2.tokenizerFile(cacheRoot);
    }
}
