package io.sentifuse.encoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sentifuse.cli.CliRunner;
import io.sentifuse.config.ConfigLoader;
import io.sentifuse.config.TextConfig;
import io.sentifuse.errors.UserInputException;
import io.sentifuse.text.Tokenizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Text presets by name: lookup, what {@code auto} resolves to, their jars' contents, and mistyped names. */
class TextPresetTest {

    static final String KNOWN = "known presets: all-minilm-l6-v2 (alias default), bge-small-en-v1.5, e5-small-v2"
            + " (or the path of an ONNX file)";

    @Test
    void namesTheAliasAndCaseFindThePresets() {
        assertThat(TextPreset.find("all-minilm-l6-v2")).contains(TextPreset.ALL_MINILM_L6_V2);
        assertThat(TextPreset.find("default")).contains(TextPreset.ALL_MINILM_L6_V2);
        assertThat(TextPreset.find("BGE-small-en-v1.5")).contains(TextPreset.BGE_SMALL_EN_V15);
        assertThat(TextPreset.find("e5-small-v2")).contains(TextPreset.E5_SMALL_V2);
        assertThat(TextPreset.find("bge-small")).isEmpty();
        assertThat(TextPreset.ALL_MINILM_L6_V2.layers()).isEqualTo(6);
        assertThat(TextPreset.BGE_SMALL_EN_V15.layers()).isEqualTo(12);
    }

    @Test
    void autoTakesThePresetsPoolingAndPrefixAndExplicitValuesWin(@TempDir Path dir) throws Exception {
        assertChoice(List.of(), TextConfig.Pooling.MEAN, "");
        assertChoice(List.of("text.model=default"), TextConfig.Pooling.MEAN, "");
        assertChoice(List.of("text.model=bge-small-en-v1.5"), TextConfig.Pooling.CLS, "");
        assertChoice(List.of("text.model=e5-small-v2"), TextConfig.Pooling.MEAN, "query: ");
        assertChoice(List.of("text.model=bge-small-en-v1.5", "text.pooling=mean"), TextConfig.Pooling.MEAN, "");
        assertChoice(List.of("text.model=e5-small-v2", "text.prefix=''"), TextConfig.Pooling.MEAN, "");
        assertChoice(List.of("text.model=e5-small-v2", "text.prefix='passage: '", "text.pooling=cls"),
                TextConfig.Pooling.CLS, "passage: ");
        Path onnx = Files.writeString(dir.resolve("model.onnx"), "not read here");
        TextModelChoice file = assertChoice(List.of("text.model=" + onnx), TextConfig.Pooling.MEAN, "");
        assertThat(file.isPreset()).isFalse();
        assertThat(file.source().file()).isEqualTo(onnx);
    }

    @Test
    void mistypedPresetIsBadInputListingThePresets(@TempDir Path dir) {
        assertThatThrownBy(() -> choice(List.of("text.model=minilm"))).isInstanceOf(UserInputException.class)
                .hasMessage("text.model: unknown text model preset 'minilm'; " + KNOWN);
        // anything path-like is a file, and a missing one says so
        assertThatThrownBy(() -> choice(List.of("text.model=models/bert.onnx"))).isInstanceOf(UserInputException.class)
                .hasMessage("ONNX model models/bert.onnx does not exist or is not a file");

        CliRunner.Result imported = CliRunner.run("import", "bge-small", "--kind", "text", "--out",
                dir.resolve("x.sd").toString());
        assertThat(imported.exitCode()).isEqualTo(2);
        assertThat(imported.err()).contains("MODEL: unknown text model preset 'bge-small'; " + KNOWN);
        CliRunner.Result encode = CliRunner.run("encode", "experiments/smoke/fixture.yaml", "--set",
                "output.cache_dir=" + dir, "--set", "text.model=e5-small");
        assertThat(encode.exitCode()).isEqualTo(2);
        assertThat(encode.err()).contains("text.model: unknown text model preset 'e5-small'; " + KNOWN);
        CliRunner.Result bench = CliRunner.run("bench", "text", "--model", "bge");
        assertThat(bench.exitCode()).isEqualTo(2);
        assertThat(bench.err()).contains("--model: unknown text model preset 'bge'; " + KNOWN);
        CliRunner.Result asImage = CliRunner.run("import", "e5-small-v2", "--kind", "image", "--out",
                dir.resolve("x.sd").toString());
        assertThat(asImage.exitCode()).isEqualTo(2);
        assertThat(asImage.err()).contains("e5-small-v2 is a text model preset; use --kind text");
    }

    /** Each jar holds a BERT with 384-wide embeddings whose table has exactly as many rows as its tokenizer has ids. */
    @Test
    void eachPresetsJarHoldsItsModelAndAMatchingTokenizer(@TempDir Path cache) {
        List<String> names = new ArrayList<>();
        for (TextPreset preset : TextPreset.values()) {
            ModelSource source = preset.source();
            names.add(source.name());
            var model = source.parse();
            Path file = preset.tokenizerFile(cache);
            assertThat(file).isEqualTo(cache.resolve("models").resolve(preset.presetName() + "-tokenizer.json"));
            Tokenizer tokenizer = TextTokenizers.load(file);
            assertThat(tokenizer.vocabularySize()).isEqualTo(30522);
            VocabularyCheck.check(tokenizer, file.toString(), model);
            assertThat(VocabularyCheck.wordEmbeddings(model).width()).isEqualTo(384);
            assertThat(VocabularyCheck.typeVocabulary(model)).isEqualTo(2);
        }
        assertThat(names).containsExactly("classpath:/all-minilm-l6-v2.onnx", "classpath:/bge-small-en-v1.5.onnx",
                "classpath:/e5-small-v2.onnx");
    }

    @Test
    void thePrefixIsTokenisedBeforeTheTextAndCountsTowardsTheLength(@TempDir Path cache) {
        Tokenizer plain = TextTokenizers.load(TextPreset.E5_SMALL_V2.tokenizerFile(cache));
        Tokenizer prefixed = plain.withPrefix(TextPreset.E5_SMALL_V2.prefix());
        // [CLS] query : good day [SEP] in the uncased BERT vocabulary
        assertThat(prefixed.encode("good day", 128).ids()).containsExactly(101, 23032, 1024, 2204, 2154, 102);
        assertThat(plain.encode("good day", 128).ids()).containsExactly(101, 2204, 2154, 102);
        assertThat(prefixed.encode("good day", 4).ids()).containsExactly(101, 23032, 1024, 102);
        assertThat(prefixed.vocabularySize()).isEqualTo(30522);
        assertThat(prefixed.description()).endsWith(" with prefix 'query: '");
        assertThat(plain.withPrefix("")).isSameAs(plain);
    }

    private static TextModelChoice assertChoice(List<String> overrides, TextConfig.Pooling pooling, String prefix) {
        TextModelChoice c = choice(overrides);
        assertThat(c.pooling()).as("pooling for %s", overrides).isEqualTo(pooling);
        assertThat(c.prefix()).as("prefix for %s", overrides).isEqualTo(prefix);
        return c;
    }

    private static TextModelChoice choice(List<String> overrides) {
        return TextModelChoice.of(ConfigLoader.load(Path.of("experiments/base.yaml"), overrides).text());
    }
}
