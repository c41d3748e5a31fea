package io.sentifuse.encoder;

import io.sentifuse.encoder.onnx.proto.OnnxModel;
import io.sentifuse.encoder.verify.TextCases;
import io.sentifuse.encoder.verify.VerificationCase;
import java.util.List;

/** Text models: token inputs; verified on 1x8, 8x32 padded and 32x64 batches of random ids from the vocabulary. */
final class TextSupport implements KindSupport {

    @Override
    public ModelKind kind() {
        return ModelKind.TEXT;
    }

    @Override
    public List<VerificationCase> cases(OnnxModel model) {
        return TextCases.generate(model, VocabularyCheck.wordEmbeddings(model).rows(), VocabularyCheck.typeVocabulary(model));
    }
}
