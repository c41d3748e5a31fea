package io.sentifuse.text;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sentifuse.files.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * WordPiece tokenizers against HuggingFace on random texts: the default (uncased) one, cased and accent-keeping
 * variants of its tokenizer.json, and the same tokenizers loaded from a vocab.txt (with and without a
 * tokenizer_config.json), which must give exactly the tokenizer.json's ids.
 */
class WordPieceParityTest {

    @TempDir
    static Path dir;

    private static Path miniLm;
    private static List<String> texts;

    @BeforeAll
    static void setUp() throws IOException {
        miniLm = HfReference.miniLmFile(dir);
        texts = new ArrayList<>(GoldenSentences.ALL);
        texts.addAll(FuzzTexts.generate("wordpiece", 4000));
    }

    @Test
    void defaultTokenizerMatchesOnRandomTexts() {
        assertMatchesReference(Tokenizers.defaultMiniLm(), miniLm, texts);
    }

    @Test
    void casedAndAccentVariantsMatch() throws IOException {
        for (String[] v : new String[][] {{"false", "null"}, {"false", "true"}, {"true", "false"}}) {
            Path file = variant("bert-lower-" + v[0] + "-strip-" + v[1], Boolean.parseBoolean(v[0]),
                    v[1].equals("null") ? null : Boolean.parseBoolean(v[1]));
            assertMatchesReference(Tokenizers.load(file), file, texts);
        }
    }

    @Test
    void vocabTxtGivesTheTokenizerJsonIds() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("uncased"));
        Path vocab = writeVocab(folder);
        assertSameIds(Tokenizers.load(vocab), Tokenizers.defaultMiniLm());
        assertSameIds(Tokenizers.load(vocab, true), Tokenizers.defaultMiniLm());
        assertThat(Tokenizers.load(vocab).vocabularySize()).isEqualTo(30522);
        assertThat(Tokenizers.load(vocab).padId()).isZero();
    }

    @Test
    void vocabTxtTakesCasingFromTokenizerConfig() throws IOException {
        Path cased = variant("cased", false, null);
        Path folder = Files.createDirectories(dir.resolve("cased"));
        Path vocab = writeVocab(folder);
        Files.writeString(folder.resolve("tokenizer_config.json"),
                "{\"do_lower_case\": false, \"unk_token\": {\"content\": \"[UNK]\", \"__type\": \"AddedToken\"},"
                        + " \"cls_token\": \"[CLS]\", \"model_max_length\": 512}");
        assertSameIds(Tokenizers.load(vocab), Tokenizers.load(cased));
        assertSameIds(Tokenizers.load(vocab, false), Tokenizers.load(cased));

        Path keepAccents = variant("lower-keep-accents", true, false);
        Files.writeString(folder.resolve("tokenizer_config.json"), "{\"do_lower_case\": true, \"strip_accents\": false}");
        assertSameIds(Tokenizers.load(vocab), Tokenizers.load(keepAccents));
        assertMatchesReference(Tokenizers.load(vocab), keepAccents, texts);
    }

    @Test
    void aDirectoryLoadsItsTokenizerJson() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("model"));
        Files.copy(miniLm, folder.resolve("tokenizer.json"));
        writeVocab(folder);
        HfTokenizer tokenizer = Tokenizers.load(folder);
        assertThat(tokenizer.description()).contains("tokenizer.json").contains("TemplateProcessing");
        assertSameIds(tokenizer, Tokenizers.defaultMiniLm());
    }

    private static void assertMatchesReference(HfTokenizer ours, Path file, List<String> texts) {
        try (HfReference reference = HfReference.load(file)) {
            var expected = reference.encodeAll(texts);
            List<String> differing = new ArrayList<>();
            for (int i = 0; i < texts.size(); i++) {
                if (!Arrays.equals(ours.encode(texts.get(i), Integer.MAX_VALUE).ids(), expected.get(i).getIds())) {
                    differing.add(texts.get(i));
                }
            }
            assertThat(differing).as(file.getFileName().toString()).isEmpty();
        }
    }

    private static void assertSameIds(HfTokenizer a, HfTokenizer b) {
        for (String text : texts) {
            assertThat(a.encode(text, Integer.MAX_VALUE).ids()).as(text).isEqualTo(b.encode(text, Integer.MAX_VALUE).ids());
        }
    }

    /** The MiniLM tokenizer.json with other casing settings. */
    private static Path variant(String name, boolean lowercase, Boolean stripAccents) throws IOException {
        ObjectNode root = (ObjectNode) Json.mapper().readTree(miniLm.toFile());
        ObjectNode normalizer = (ObjectNode) root.get("normalizer");
        normalizer.put("lowercase", lowercase);
        if (stripAccents == null) {
            normalizer.putNull("strip_accents");
        } else {
            normalizer.put("strip_accents", stripAccents);
        }
        return Files.writeString(dir.resolve(name + ".json"), root.toString());
    }

    /** The MiniLM vocabulary as a vocab.txt, one token per line in id order. */
    private static Path writeVocab(Path folder) throws IOException {
        TreeMap<Integer, String> byId = new TreeMap<>();
        var fields = Json.mapper().readTree(miniLm.toFile()).get("model").get("vocab").fields();
        while (fields.hasNext()) {
            Map.Entry<String, com.fasterxml.jackson.databind.JsonNode> e = fields.next();
            byId.put(e.getValue().asInt(), e.getKey());
        }
        assertThat(byId.lastKey()).isEqualTo(byId.size() - 1);
        return Files.writeString(folder.resolve("vocab.txt"), String.join("\n", byId.values()) + "\n");
    }
}
