package io.sentifuse.encoder;

import com.fasterxml.jackson.databind.JsonNode;
import io.sentifuse.errors.UserInputException;
import io.sentifuse.repro.Json;
import io.sentifuse.text.Encoding;
import io.sentifuse.text.Tokenizer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The vocabulary of a HuggingFace tokenizer.json (ids of model.vocab and added_tokens) or a vocab.txt (one
 * token per line). It answers {@link #vocabularySize()} and {@link #padId()}; it does not tokenize
 * ({@code io.sentifuse.text} does), so {@link #encode} refuses.
 */
final class VocabularyFile implements Tokenizer {

    private final Path file;
    private final int size;
    private final long pad;

    private VocabularyFile(Path file, int size, long pad) {
        this.file = file;
        this.size = size;
        this.pad = pad;
    }

    static VocabularyFile read(Path file) {
        try {
            if (file.getFileName().toString().endsWith(".txt")) {
                List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
                while (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
                    lines.remove(lines.size() - 1);
                }
                int pad = lines.indexOf("[PAD]");
                return new VocabularyFile(file, lines.size(), Math.max(pad, 0));
            }
            JsonNode root = Json.mapper().readTree(file.toFile());
            JsonNode vocab = root.path("model").path("vocab");
            if (vocab.isMissingNode()) {
                throw new UserInputException(file + " is not a HuggingFace tokenizer.json: it has no model.vocab");
            }
            long maxId = -1;
            long pad = -1;
            if (vocab.isObject()) {
                for (Iterator<Map.Entry<String, JsonNode>> it = vocab.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    maxId = Math.max(maxId, e.getValue().asLong());
                    pad = isPad(e.getKey()) ? e.getValue().asLong() : pad;
                }
            } else {
                maxId = vocab.size() - 1;
            }
            for (JsonNode t : root.path("added_tokens")) {
                maxId = Math.max(maxId, t.path("id").asLong());
                pad = isPad(t.path("content").asText()) ? t.path("id").asLong() : pad;
            }
            return new VocabularyFile(file, (int) (maxId + 1), Math.max(pad, 0));
        } catch (NoSuchFileException e) {
            throw new UserInputException("tokenizer file " + file + " does not exist");
        } catch (IOException e) {
            throw new UserInputException("cannot read tokenizer file " + file + " (expected tokenizer.json or vocab.txt): "
                    + e.getMessage(), e);
        }
    }

    private static boolean isPad(String token) {
        return token.equals("[PAD]") || token.equals("<pad>");
    }

    @Override
    public Encoding encode(String text, int maxLength) {
        throw new UnsupportedOperationException("VocabularyFile only reads the vocabulary of " + file
                + "; tokenization is io.sentifuse.text's (wire TextTokenizers.load to it)");
    }

    @Override
    public int vocabularySize() {
        return size;
    }

    @Override
    public long padId() {
        return pad;
    }
}
