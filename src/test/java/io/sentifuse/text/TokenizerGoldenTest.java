package io.sentifuse.text;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sentifuse.encoder.TextPreset;
import io.sentifuse.files.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each text preset's tokenizer (its tokenizer.json from its jar, read by our code) against its golden file of
 * HuggingFace ids (&lt;preset&gt;-golden.json, made by {@link GoldenFileGenerator}): every id and type id equal,
 * untruncated and at every max length in the file.
 */
class TokenizerGoldenTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(TextPreset.class)
    void goldenFileCoversTheCurrentSentences(TextPreset preset) throws IOException {
        JsonNode golden = golden(preset);
        List<String> texts = new ArrayList<>();
        golden.get("cases").forEach(c -> texts.add(c.get("text").asText()));
        assertThat(texts).hasSizeGreaterThanOrEqualTo(50).containsExactlyElementsOf(GoldenSentences.ALL);
        assertThat(golden.get("regenerate").asText()).isEqualTo(GoldenFileGenerator.COMMAND);
        assertThat(golden.get("tokenizer").asText()).startsWith(preset.tokenizerResource().substring(1) + " from ");
    }

    @ParameterizedTest
    @EnumSource(TextPreset.class)
    void everyIdEqualsHuggingFaceUntruncatedAndTruncated(TextPreset preset) throws IOException {
        JsonNode golden = golden(preset);
        HfTokenizer tokenizer = Tokenizers.load(HfReference.resourceFile(preset.tokenizerResource(), dir));
        int compared = 0;
        for (JsonNode c : golden.get("cases")) {
            String text = c.get("text").asText();
            assertEncoding(tokenizer.encode(text, Integer.MAX_VALUE), c, text);
            var truncated = c.get("truncated").fields();
            while (truncated.hasNext()) {
                var e = truncated.next();
                int maxLength = Integer.parseInt(e.getKey());
                assertEncoding(tokenizer.encode(text, maxLength), e.getValue(), text + " @" + maxLength);
                compared++;
            }
            compared++;
        }
        assertThat(compared).isEqualTo(GoldenSentences.ALL.size() * (1 + GoldenFileGenerator.MAX_LENGTHS.length));
    }

    /** Keeps the golden file honest: the library it came from still says the same (e.g. after a jar update). */
    @ParameterizedTest
    @EnumSource(TextPreset.class)
    void goldenStillMatchesTheReference(TextPreset preset) throws IOException {
        JsonNode golden = golden(preset);
        try (HfReference reference = HfReference.load(HfReference.resourceFile(preset.tokenizerResource(), dir))) {
            for (JsonNode c : golden.get("cases")) {
                assertThat(reference.ids(c.get("text").asText())).as(c.get("text").asText()).isEqualTo(longs(c.get("ids")));
            }
        }
    }

    private static JsonNode golden(TextPreset preset) throws IOException {
        try (InputStream in = TokenizerGoldenTest.class.getResourceAsStream(GoldenFileGenerator.fileName(preset))) {
            assertThat(in).as("golden file %s (run %s)", GoldenFileGenerator.fileName(preset),
                    GoldenFileGenerator.COMMAND).isNotNull();
            return Json.mapper().readTree(in);
        }
    }

    private static void assertEncoding(Encoding actual, JsonNode expected, String what) {
        assertThat(actual.ids()).as("ids of %s", what).isEqualTo(longs(expected.get("ids")));
        assertThat(actual.typeIds()).as("type ids of %s", what).isEqualTo(longs(expected.get("type_ids")));
    }

    private static long[] longs(JsonNode array) {
        long[] out = new long[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asLong();
        }
        return out;
    }
}
