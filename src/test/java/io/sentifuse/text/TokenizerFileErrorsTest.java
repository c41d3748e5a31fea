package io.sentifuse.text;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sentifuse.errors.UserInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad tokenizer files: each refused with a {@link UserInputException} that names the file and the problem. */
class TokenizerFileErrorsTest {

    private static final String BERT_JSON = "{\"version\":\"1.0\",\"normalizer\":{\"type\":\"BertNormalizer\"},"
            + "\"pre_tokenizer\":{\"type\":\"BertPreTokenizer\"},\"post_processor\":%s,\"model\":%s}";
    private static final String WORDPIECE = "{\"type\":\"WordPiece\",\"unk_token\":\"[UNK]\",\"vocab\":%s}";
    private static final String VOCAB = "{\"[UNK]\":0,\"[CLS]\":1,\"[SEP]\":2,\"a\":3}";
    private static final String BERT_POST = "{\"type\":\"BertProcessing\",\"sep\":[\"[SEP]\",2],\"cls\":[\"[CLS]\",1]}";

    @TempDir
    Path dir;

    @Test
    void missingFile() {
        Path file = dir.resolve("nope.json");
        assertThatThrownBy(() -> Tokenizers.load(file)).isInstanceOf(UserInputException.class)
                .hasMessage("tokenizer file not found: " + file);
        assertThatThrownBy(() -> Tokenizers.load(dir.resolve("vocab.txt"), true)).isInstanceOf(UserInputException.class)
                .hasMessage("tokenizer file not found: " + dir.resolve("vocab.txt"));
    }

    @Test
    void directoryWithoutTokenizer() {
        assertThatThrownBy(() -> Tokenizers.load(dir)).isInstanceOf(UserInputException.class)
                .hasMessage(dir + ": a directory without tokenizer.json or vocab.txt");
    }

    @Test
    void notJson() throws IOException {
        Path file = write("tokenizer.json", "{\"version\": \"1.0\", model: oops}");
        assertThatThrownBy(() -> Tokenizers.load(file)).isInstanceOf(UserInputException.class)
                .hasMessageStartingWith(file + ": not valid JSON (line 1, column 20): Unexpected character ('m'");
        Path empty = write("empty.json", "");
        assertThatThrownBy(() -> Tokenizers.load(empty)).isInstanceOf(UserInputException.class)
                .hasMessage(empty + ": empty file (expected JSON)");
        Path config = write("tokenizer_config.json", "{\"do_lower_case\": true}");
        assertThatThrownBy(() -> Tokenizers.load(config)).isInstanceOf(UserInputException.class)
                .hasMessage(config + ": model: missing: not a HuggingFace tokenizer.json (it has no model section)");
        Path array = write("array.json", "[1, 2]");
        assertThatThrownBy(() -> Tokenizers.load(array)).isInstanceOf(UserInputException.class)
                .hasMessage(array + ": (top level): expected a JSON object, found array [1,2]");
    }

    @Test
    void unsupportedModelType() throws IOException {
        Path file = write("tokenizer.json", String.format(BERT_JSON, "null", "{\"type\":\"Unigram\",\"vocab\":[]}"));
        assertThatThrownBy(() -> Tokenizers.load(file)).isInstanceOf(UserInputException.class)
                .hasMessage(file + ": model.type: 'Unigram' is not supported (supported: BPE, WordPiece)");
    }

    @Test
    void unsupportedComponentsAndVersion() throws IOException {
        Path normalizer = write("n.json", String.format(BERT_JSON, "null", String.format(WORDPIECE, VOCAB))
                .replace("\"BertNormalizer\"", "\"Precompiled\""));
        assertThatThrownBy(() -> Tokenizers.load(normalizer)).isInstanceOf(UserInputException.class)
                .hasMessage(normalizer + ": normalizer.type: 'Precompiled' is not supported (supported: BertNormalizer, "
                        + "Lowercase, NFC, NFD, NFKC, NFKD, Sequence, Strip, StripAccents)");
        Path pre = write("p.json", String.format(BERT_JSON, "null", String.format(WORDPIECE, VOCAB))
                .replace("{\"type\":\"BertPreTokenizer\"}", "{\"type\":\"Sequence\",\"pretokenizers\":[{\"type\":\"Metaspace\"}]}"));
        assertThatThrownBy(() -> Tokenizers.load(pre)).isInstanceOf(UserInputException.class)
                .hasMessage(pre + ": pre_tokenizer.pretokenizers[0].type: 'Metaspace' is not supported (supported: "
                        + "BertPreTokenizer, ByteLevel, Sequence, WhitespaceSplit)");
        Path version = write("v.json", String.format(BERT_JSON, "null", String.format(WORDPIECE, VOCAB))
                .replace("\"1.0\"", "\"2.0\""));
        assertThatThrownBy(() -> Tokenizers.load(version)).isInstanceOf(UserInputException.class)
                .hasMessage(version + ": version: '2.0' is not supported (expected 1.0)");
    }

    @Test
    void emptyVocabulary() throws IOException {
        Path json = write("tokenizer.json", String.format(BERT_JSON, BERT_POST, String.format(WORDPIECE, "{}")));
        assertThatThrownBy(() -> Tokenizers.load(json)).isInstanceOf(UserInputException.class)
                .hasMessage(json + ": model.vocab: the vocabulary is empty");
        Path txt = write("vocab.txt", "");
        assertThatThrownBy(() -> Tokenizers.load(txt)).isInstanceOf(UserInputException.class)
                .hasMessage(txt + ": the vocabulary is empty (expected one token per line)");
    }

    @Test
    void missingUnkClsSep() throws IOException {
        Path json = write("tokenizer.json", String.format(BERT_JSON, BERT_POST,
                String.format(WORDPIECE, "{\"[CLS]\":1,\"[SEP]\":2,\"a\":3}")));
        assertThatThrownBy(() -> Tokenizers.load(json)).isInstanceOf(UserInputException.class)
                .hasMessage(json + ": model.unk_token: '[UNK]' is not in the vocabulary");
        for (String missing : new String[] {"[UNK]", "[CLS]", "[SEP]"}) {
            Path txt = write("vocab.txt", String.join("\n", "[PAD]", "[UNK]", "[CLS]", "[SEP]", "hello").replace(missing, "x"));
            assertThatThrownBy(() -> Tokenizers.load(txt)).isInstanceOf(UserInputException.class)
                    .hasMessage(txt + ": the special token " + missing
                            + " is not in the vocabulary (a BERT vocab.txt needs [UNK], [CLS] and [SEP])");
        }
        Path template = write("t.json", String.format(BERT_JSON, "{\"type\":\"TemplateProcessing\",\"single\":["
                + "{\"SpecialToken\":{\"id\":\"[CLS]\",\"type_id\":0}},{\"Sequence\":{\"id\":\"A\",\"type_id\":0}}],"
                + "\"special_tokens\":{}}", String.format(WORDPIECE, VOCAB)));
        assertThatThrownBy(() -> Tokenizers.load(template)).isInstanceOf(UserInputException.class)
                .hasMessage(template + ": post_processor.single[0]: special token [CLS] has no ids in post_processor.special_tokens");
    }

    @Test
    void malformedFields() throws IOException {
        Path id = write("id.json", String.format(BERT_JSON, BERT_POST, String.format(WORDPIECE, "{\"[UNK]\":\"zero\"}")));
        assertThatThrownBy(() -> Tokenizers.load(id)).isInstanceOf(UserInputException.class)
                .hasMessage(id + ": model.vocab[\"[UNK]\"]: expected a non-negative integer id, found the string \"zero\"");
        Path flag = write("flag.json", String.format(BERT_JSON, BERT_POST, String.format(WORDPIECE, VOCAB))
                .replace("{\"type\":\"BertNormalizer\"}", "{\"type\":\"BertNormalizer\",\"lowercase\":\"yes\"}"));
        assertThatThrownBy(() -> Tokenizers.load(flag)).isInstanceOf(UserInputException.class)
                .hasMessage(flag + ": normalizer.lowercase: expected true or false, found the string \"yes\"");
        Path pair = write("pair.json", String.format(BERT_JSON, BERT_POST.replace("[\"[SEP]\",2]", "\"[SEP]\""),
                String.format(WORDPIECE, VOCAB)));
        assertThatThrownBy(() -> Tokenizers.load(pair)).isInstanceOf(UserInputException.class)
                .hasMessage(pair + ": post_processor.sep: expected [token, non-negative id], found the string \"[SEP]\"");
    }

    @Test
    void badBpeMergesAndDropout() throws IOException {
        String bpe = "{\"version\":\"1.0\",\"model\":{\"type\":\"BPE\",\"dropout\":%s,\"vocab\":{\"a\":0,\"b\":1,\"ab\":2},"
                + "\"merges\":[%s]}}";
        Path unknown = write("m.json", String.format(bpe, "null", "\"a b\", \"a c\""));
        assertThatThrownBy(() -> Tokenizers.load(unknown)).isInstanceOf(UserInputException.class)
                .hasMessage(unknown + ": model.merges[1]: 'c' is not in the vocabulary");
        Path shape = write("s.json", String.format(bpe, "null", "\"a b c\""));
        assertThatThrownBy(() -> Tokenizers.load(shape)).isInstanceOf(UserInputException.class)
                .hasMessage(shape + ": model.merges[0]: expected \"left right\", found the string \"a b c\"");
        Path dropout = write("d.json", String.format(bpe, "0.1", "\"a b\""));
        assertThatThrownBy(() -> Tokenizers.load(dropout)).isInstanceOf(UserInputException.class)
                .hasMessage(dropout + ": model.dropout: 0.1 makes tokenization random; only null or 0 is supported");
    }

    @Test
    void badVocabTxtAndConfig() throws IOException {
        Path latin1 = dir.resolve("vocab.txt");
        Files.write(latin1, new byte[] {'[', 'U', 'N', 'K', ']', '\n', (byte) 0xE9, '\n'});
        assertThatThrownBy(() -> Tokenizers.load(latin1)).isInstanceOf(UserInputException.class)
                .hasMessage(latin1 + ": not UTF-8 text (expected a vocab.txt, one token per line)");
        Path sub = Files.createDirectories(dir.resolve("sub"));
        Path vocab = Files.writeString(sub.resolve("vocab.txt"), "[UNK]\n[CLS]\n[SEP]\n");
        Path config = Files.writeString(sub.resolve("tokenizer_config.json"), "{\"do_lower_case\": \"no\"}");
        assertThatThrownBy(() -> Tokenizers.load(vocab)).isInstanceOf(UserInputException.class)
                .hasMessage(config + ": do_lower_case: expected true or false, found the string \"no\"");
        Files.writeString(config, "{\"unk_token\": 3}");
        assertThatThrownBy(() -> Tokenizers.load(vocab)).isInstanceOf(UserInputException.class)
                .hasMessage(config + ": unk_token: expected a token string or an object with \"content\", found number 3");
        Files.writeString(config, "not json");
        assertThatThrownBy(() -> Tokenizers.load(vocab)).isInstanceOf(UserInputException.class)
                .hasMessageStartingWith(config + ": not valid JSON (line 1, column 5): Unrecognized token 'not'");
    }

    @Test
    void casingChoiceOnlyForVocabTxt() throws IOException {
        Path json = write("tokenizer.json", String.format(BERT_JSON, BERT_POST, String.format(WORDPIECE, VOCAB)));
        assertThatThrownBy(() -> Tokenizers.load(json, false)).isInstanceOf(UserInputException.class)
                .hasMessage(json + ": a casing choice applies to a vocab.txt; a tokenizer.json declares its own "
                        + "normalizer (load it without one)");
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }
}
