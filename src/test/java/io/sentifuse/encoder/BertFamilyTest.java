package io.sentifuse.encoder;

import static org.assertj.core.api.Assertions.assertThat;

import io.sentifuse.encoder.onnx.OnnxTranslator;
import io.sentifuse.encoder.onnx.Translation;
import io.sentifuse.encoder.onnx.TranslationOptions;
import io.sentifuse.encoder.onnx.proto.OnnxModel;
import io.sentifuse.encoder.verify.ModelVerifier;
import io.sentifuse.encoder.verify.TextCases;
import io.sentifuse.encoder.verify.VerificationReport;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * BERT-family exports the way torch.onnx.export and HF optimum write them (opsets 11, 14, 17; RoBERTa's
 * position ids) translate and match ONNX Runtime on the standard text cases.
 */
class BertFamilyTest {

    @ParameterizedTest
    @EnumSource(TinyBert.Style.class)
    void exportStyleTranslatesAndVerifies(TinyBert.Style style) {
        OnnxModel model = TinyBert.build(2, 5, style).model();
        assertThat(ModelKind.detect(model)).isEqualTo(ModelKind.TEXT);
        Translation t = new OnnxTranslator().translate(model, TranslationOptions.defaults());
        Map<String, String> in = new HashMap<>();
        t.inputs().forEach((k, v) -> in.put(k, v.name()));
        VerificationReport r = ModelVerifier.verify(model.proto().toByteArray(), style.name(), t.sd(), in,
                Map.of("last_hidden_state", t.output("last_hidden_state").name()),
                TextCases.generate(model, TinyBert.VOCAB, VocabularyCheck.typeVocabulary(model)), 1e-4, 1);
        assertThat(r.verified()).as("%s: %s", style, r).isTrue();
        assertThat(r.shapes()).containsExactly("1x8", "8x32", "32x64");
        assertThat(r.maxAbsDiff()).isLessThan(1e-4);
    }
}
