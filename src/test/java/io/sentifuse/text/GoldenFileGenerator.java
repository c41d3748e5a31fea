package io.sentifuse.text;

import ai.djl.huggingface.tokenizers.Encoding;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sentifuse.encoder.TextPreset;
import io.sentifuse.files.AtomicFiles;
import io.sentifuse.files.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Regenerates the golden files {@value #FOLDER}/&lt;preset&gt;-golden.json: HuggingFace's ids for
 * {@link GoldenSentences} with each text preset's tokenizer.json from its langchain4j jar, untruncated and
 * truncated to each of {@link #MAX_LENGTHS}, computed by the Rust library through DJL. A program, not a test, so
 * that no test run counts it or rewrites the files; run {@link #COMMAND} from the repository root.
 */
public final class GoldenFileGenerator {

    static final String FOLDER = "src/test/resources/io/sentifuse/text";
    /** Builds the test classpath into target/ and runs this class (as CONTRIBUTING.md documents). */
    static final String COMMAND = "mvn -B -o -q test-compile dependency:build-classpath -Dmdep.includeScope=test"
            + " -Dmdep.outputFile=target/test-classpath.txt && java -cp"
            + " \"target/test-classes:target/classes:$(cat target/test-classpath.txt)\" io.sentifuse.text.GoldenFileGenerator";
    static final int[] MAX_LENGTHS = {128, 32, 16, 8, 3, 2};

    private GoldenFileGenerator() {
    }

    /** The golden file of a preset's tokenizer (a class-path resource beside this class). */
    static String fileName(TextPreset preset) {
        return preset.presetName() + "-golden.json";
    }

    public static void main(String[] args) throws IOException {
        Path dir = Files.createTempDirectory("golden-");
        try {
            for (TextPreset preset : TextPreset.values()) {
                write(preset, dir);
            }
        } finally {
            AtomicFiles.deleteTree(dir);
        }
    }

    private static void write(TextPreset preset, Path dir) throws IOException {
        Path tokenizer = HfReference.resourceFile(preset.tokenizerResource(), dir);
        ObjectNode root = Json.mapper().createObjectNode();
        root.put("regenerate", COMMAND);
        root.put("tokenizer", preset.tokenizerResource().substring(1) + " from dev.langchain4j:" + preset.artifact());
        root.put("reference", "HuggingFace tokenizers (Rust) through ai.djl.huggingface:tokenizers 0.38.0; "
                + "padding off; truncation off, then at each max_length");
        ArrayNode lengths = root.putArray("max_lengths");
        for (int n : MAX_LENGTHS) {
            lengths.add(n);
        }
        ArrayNode cases = root.putArray("cases");
        try (HfReference full = HfReference.load(tokenizer)) {
            for (String text : GoldenSentences.ALL) {
                ObjectNode c = cases.addObject();
                c.put("text", text);
                put(c, full.encode(text));
                ObjectNode truncated = c.putObject("truncated");
                for (int n : MAX_LENGTHS) {
                    try (HfReference limited = HfReference.load(tokenizer, n)) {
                        put(truncated.putObject(Integer.toString(n)), limited.encode(text));
                    }
                }
            }
        }
        Files.writeString(Path.of(FOLDER, fileName(preset)),
                Json.mapper().writer().writeValueAsString(root).replace("{\"text\"", "\n{\"text\"") + "\n");
    }

    private static void put(ObjectNode node, Encoding e) {
        ArrayNode ids = node.putArray("ids");
        for (long id : e.getIds()) {
            ids.add(id);
        }
        ArrayNode types = node.putArray("type_ids");
        for (long t : e.getTypeIds()) {
            types.add(t);
        }
    }
}
