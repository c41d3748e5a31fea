package io.sentifuse.encoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sentifuse.encoder.onnx.ModelBuilder;
import io.sentifuse.encoder.onnx.proto.OnnxModel;
import io.sentifuse.errors.UserInputException;
import io.sentifuse.text.Encoding;
import io.sentifuse.text.Tokenizer;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

class VocabularyCheckTest {

    /** A tokenizer that only knows its vocabulary size. */
    record FakeTokenizer(int vocabularySize) implements Tokenizer {
        @Override
        public Encoding encode(String text, int maxLength) {
            return new Encoding(new long[] {1, 2}, new long[] {0, 0});
        }

        @Override
        public long padId() {
            return 0;
        }
    }

    @Test
    void tokenizerMustHaveAsManyIdsAsTheEmbeddingTableHasRows() {
        OnnxModel model = TinyBert.build(1, 3).model();
        VocabularyCheck.check(new FakeTokenizer(TinyBert.VOCAB), "fake", model);
        assertThatThrownBy(() -> VocabularyCheck.check(new FakeTokenizer(30522), "bert-vocab.txt", model))
                .isInstanceOf(UserInputException.class)
                .hasMessage("tokenizer bert-vocab.txt has a vocabulary of 30522 tokens but the word-embedding table of"
                        + " test-model.onnx has 60 rows; use the tokenizer the model was trained with");
    }

    @Test
    void findsTheTableThroughACastOfTheIds() {
        OnnxModel model = new ModelBuilder(13)
                .input("input_ids", DataType.LONG, -1, -1)
                .initializer("emb", Nd4j.zeros(DataType.FLOAT, 77, 4))
                .node("Cast", List.of("input_ids"), List.of("ids32"), "to", 6L)
                .node("Gather", List.of("emb", "ids32"), List.of("y"))
                .output("y", DataType.FLOAT, -1, -1, 4)
                .model();
        assertThat(VocabularyCheck.wordEmbeddings(model)).isEqualTo(new EmbeddingTables.Table("emb", 77, 4));
    }

    @Test
    void modelWithoutAnEmbeddingLookupIsRefused() {
        OnnxModel model = new ModelBuilder(13)
                .input("input_ids", DataType.LONG, -1, -1)
                .node("Cast", List.of("input_ids"), List.of("y"), "to", 1L)
                .output("y", DataType.FLOAT, -1, -1)
                .model();
        assertThatThrownBy(() -> VocabularyCheck.wordEmbeddings(model))
                .hasMessageContaining("cannot find the word-embedding table (no Gather reads input 'input_ids'");
    }

    @Test
    void vocabularyFilesReportTheirSize(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        assertThat(TextTokenizers.load(ImportCommandTest.vocab(dir.resolve("vocab.txt"), 42)).vocabularySize()).isEqualTo(42);
        assertThat(TextTokenizers.load(TextTokenizers.defaultTokenizerFile(dir)).vocabularySize()).isEqualTo(30522);
    }
}
