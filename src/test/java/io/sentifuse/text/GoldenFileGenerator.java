package io.sentifuse.text;

import ai.djl.huggingface.tokenizers.Encoding;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sentifuse.encoder.TextPreset;
import io.sentifuse.files.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Regenerates the golden files {@value #FOLDER}/&lt;preset&gt;-golden.json: HuggingFace's ids for
 * {@link GoldenSentences} with each text preset's tokenizer.json from its langchain4j jar, untruncated and
 * truncated to each of {@link #MAX_LENGTHS}, computed by the Rust library through DJL. Run:
 * <pre>mvn -B -o test -Dtest=GoldenFileGenerator -Dsentifuse.generate=golden</pre>
 */
@EnabledIfSystemProperty(named = "sentifuse.generate", matches = "golden")
class GoldenFileGenerator {

    static final String FOLDER = "src/test/resources/io/sentifuse/text";
    static final String COMMAND = "mvn -B -o test -Dtest=GoldenFileGenerator -Dsentifuse.generate=golden";
    static final int[] MAX_LENGTHS = {128, 32, 16, 8, 3, 2};

    @TempDir
    Path dir;

    /** The golden file of a preset's tokenizer (a class-path resource beside this class). */
    static String fileName(TextPreset preset) {
        return preset.presetName() + "-golden.json";
    }

    @Test
    void generate() throws IOException {
        for (TextPreset preset : TextPreset.values()) {
            write(preset);
        }
    }

    private void write(TextPreset preset) throws IOException {
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
