package io.sentifuse.encoder.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import io.sentifuse.encoder.TextModelChoice;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.functions.DifferentialFunction;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * Translator version 6 emits no cast to the type a variable already has (such a cast copies and costs a dispatch):
 * in the translated MiniLM every remaining cast op changes its input's type.
 */
class IdentityCastTest {

    @Test
    void everyCastOfTheTranslatedMiniLmChangesAType() {
        SameDiff sd = new OnnxTranslator().translate(TextModelChoice.named("all-minilm-l6-v2", "model").source().parse(),
                TranslationOptions.defaults()).sd();
        List<String> casts = new ArrayList<>();
        List<String> copies = new ArrayList<>();
        for (DifferentialFunction op : sd.ops()) {
            if (op.opName().equals("cast")) {
                casts.add(op.getOwnName());
                if (op.arg(0).dataType() == op.outputVariable().dataType()) {
                    copies.add(op.getOwnName() + ": " + op.arg(0).dataType());
                }
            }
        }
        assertThat(casts).isNotEmpty();
        assertThat(copies).isEmpty();
    }
}
