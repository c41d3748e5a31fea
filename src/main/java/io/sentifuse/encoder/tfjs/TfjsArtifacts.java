package io.sentifuse.encoder.tfjs;

import com.fasterxml.jackson.databind.JsonNode;
import io.sentifuse.errors.UserInputException;
import io.sentifuse.files.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The files of a TF.js layers model: the Keras topology, the weight manifest and, per manifest group, the
 * concatenated bytes of its shards. Two layouts are read:
 * <ul>
 * <li>the standard one written by {@code tensorflowjs_converter}: {@code model.json} ({@code modelTopology},
 * {@code weightsManifest}) and binary shard files named by the manifest's {@code paths};</li>
 * <li>the browserify bundles nsfwjs ships: {@code model.min.js} exporting the same object as a JavaScript
 * literal, and shard files {@code <path>.min.js} exporting the shard's bytes as one base64 string.</li>
 * </ul>
 *
 * @param source     where the model came from, for messages
 * @param topology   {@code modelTopology} (with {@code model_config})
 * @param manifest   {@code weightsManifest}: groups of {@code paths} and {@code weights}
 * @param groupBytes the bytes of each manifest group, shards concatenated in order
 */
public record TfjsArtifacts(String source, JsonNode topology, JsonNode manifest, List<byte[]> groupBytes) {

    /** A graph model (TF ops in {@code modelTopology.node}) rather than a layers model (Keras layers). */
    public boolean graphModel() {
        return topology.path("node").isArray();
    }

    /** Reads a file of the model by its name relative to the model folder; null when absent. */
    @FunctionalInterface
    public interface FileReader {
        byte[] read(String name) throws IOException;
    }

    /** The browserify module body: {@code {1:[function(e,a,n){a.exports=<literal>}...}. */
    private static final Pattern EXPORTS = Pattern.compile(
            "\\{\\s*1\\s*:\\s*\\[\\s*function\\s*\\(\\s*\\w+\\s*,\\s*(\\w+)\\s*,\\s*\\w+\\s*\\)\\s*\\{\\s*\\1\\.exports\\s*=");

    /** A model folder on disk: {@code model.json} or {@code model.min.js} inside it, or the given JSON file itself. */
    public static TfjsArtifacts fromPath(Path path) {
        Path dir = Files.isDirectory(path) ? path : path.toAbsolutePath().getParent();
        String main = Files.isDirectory(path)
                ? (Files.isRegularFile(path.resolve("model.json")) ? "model.json" : "model.min.js")
                : path.getFileName().toString();
        return read(path.toString(), main, name -> {
            Path file = dir.resolve(name);
            return Files.isRegularFile(file) ? Files.readAllBytes(file) : null;
        });
    }

    /**
     * Reads the model whose main file is {@code mainFile} ({@code model.json} or {@code model.min.js}) through
     * {@code files}.
     */
    public static TfjsArtifacts read(String source, String mainFile, FileReader files) {
        byte[] main = readRequired(source, mainFile, files);
        boolean bundle = mainFile.endsWith(".js");
        JsonNode root;
        try {
            root = bundle ? exportedLiteral(new String(main, StandardCharsets.UTF_8))
                    : Json.mapper().readTree(main);
        } catch (IOException | IllegalArgumentException e) {
            throw new UserInputException(source + "/" + mainFile + ": not a TF.js model file (" + e.getMessage() + ")",
                    e);
        }
        JsonNode topology = root.path("modelTopology");
        JsonNode manifest = root.path("weightsManifest");
        if (!(topology.has("model_config") || topology.path("node").isArray()) || !manifest.isArray()) {
            throw new UserInputException(source + "/" + mainFile + ": expected a TF.js layers model "
                    + "('modelTopology.model_config') or graph model ('modelTopology.node') with 'weightsManifest'");
        }
        List<byte[]> groups = new ArrayList<>();
        for (JsonNode group : manifest) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            for (JsonNode p : group.path("paths")) {
                bytes.writeBytes(shard(source, p.asText(), bundle, files));
            }
            groups.add(bytes.toByteArray());
        }
        return new TfjsArtifacts(source, topology, manifest, groups);
    }

    private static byte[] shard(String source, String path, boolean bundle, FileReader files) {
        if (bundle) {
            byte[] js = readRequired(source, path + ".min.js", files);
            JsonNode literal;
            try {
                literal = exportedLiteral(new String(js, StandardCharsets.US_ASCII));
            } catch (IllegalArgumentException e) {
                throw new UserInputException(source + "/" + path + ".min.js: not a TF.js weight bundle ("
                        + e.getMessage() + ")", e);
            }
            if (!literal.isTextual()) {
                throw new UserInputException(source + "/" + path + ".min.js: expected the shard as a base64 string");
            }
            try {
                return Base64.getDecoder().decode(literal.asText());
            } catch (IllegalArgumentException e) {
                throw new UserInputException(source + "/" + path + ".min.js: bad base64 (" + e.getMessage() + ")", e);
            }
        }
        return readRequired(source, path, files);
    }

    private static JsonNode exportedLiteral(String js) {
        Matcher m = EXPORTS.matcher(js);
        if (!m.find()) {
            throw new IllegalArgumentException("no browserify module exporting a value ('{1:[function(..){x.exports=')");
        }
        return JsLiteral.parse(js, m.end());
    }

    private static byte[] readRequired(String source, String name, FileReader files) {
        try {
            byte[] bytes = files.read(name);
            if (bytes == null) {
                throw new UserInputException(source + ": file '" + name + "' of the TF.js model is missing");
            }
            return bytes;
        } catch (IOException e) {
            throw new UserInputException(source + ": cannot read '" + name + "': " + e.getMessage(), e);
        }
    }
}
