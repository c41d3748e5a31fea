package io.sentifuse.encoder;

import io.sentifuse.encoder.onnx.proto.OnnxModel;
import io.sentifuse.encoder.verify.TextSignature;
import io.sentifuse.errors.UserInputException;
import io.sentifuse.text.Tokenizer;

/** A tokenizer fits a text model when its vocabulary has exactly as many ids as the word-embedding table has rows. */
public final class VocabularyCheck {

    private VocabularyCheck() {
    }

    /** The word-embedding table of a text model (indexed by its token-id input). */
    public static EmbeddingTables.Table wordEmbeddings(OnnxModel model) {
        String ids = idsInput(model);
        return EmbeddingTables.forInput(model, ids).orElseThrow(() -> new UserInputException(model.source()
                + ": cannot find the word-embedding table (no Gather reads input '" + ids + "' from a 2-D initializer)"));
    }

    /** Rows of the token-type table, or 0 when the model has none. */
    public static long typeVocabulary(OnnxModel model) {
        return model.inputs().stream().filter(p -> TextSignature.role(p.name()) == TextSignature.Role.TYPES).findFirst()
                .flatMap(p -> EmbeddingTables.forInput(model, p.name())).map(EmbeddingTables.Table::rows).orElse(0L);
    }

    /** Refuses a tokenizer whose vocabulary size differs from the table's rows, with both numbers. */
    public static void check(Tokenizer tokenizer, String tokenizerName, OnnxModel model) {
        check(tokenizer, tokenizerName, wordEmbeddings(model).rows(), model.source());
    }

    /** The same check against a known number of embedding rows (from a cache entry). */
    public static void check(Tokenizer tokenizer, String tokenizerName, long rows, String modelName) {
        if (tokenizer.vocabularySize() != rows) {
            throw new UserInputException("tokenizer " + tokenizerName + " has a vocabulary of " + tokenizer.vocabularySize()
                    + " tokens but the word-embedding table of " + modelName + " has " + rows
                    + " rows; use the tokenizer the model was trained with");
        }
    }

    static String idsInput(OnnxModel model) {
        return model.inputs().stream().filter(p -> TextSignature.role(p.name()) == TextSignature.Role.IDS)
                .map(OnnxModel.Port::name).findFirst()
                .orElseGet(() -> model.inputs().stream().filter(p -> p.dataType() != null && p.dataType().isIntType())
                        .map(OnnxModel.Port::name).findFirst()
                        .orElseThrow(() -> new UserInputException(model.source() + " has no integer token-id input")));
    }
}
