package io.sentifuse.encoder;

import io.sentifuse.encoder.onnx.OnnxModel;
import io.sentifuse.encoder.verify.VerificationCase;
import io.sentifuse.repro.Seeds;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Image models: one float input [batch, 3, height, width] (or channels last); verified on batches of 1 and 4
 * uniform random pixels in [0, 1). Dimensions the model leaves open default to 224.
 */
final class ImageSupport implements KindSupport {

    static final long DEFAULT_SIZE = 224;
    static final long SEED = 20_240_612L;

    @Override
    public ModelKind kind() {
        return ModelKind.IMAGE;
    }

    @Override
    public List<VerificationCase> cases(OnnxModel model) {
        Random random = Seeds.of(SEED).random("verify-image");
        List<VerificationCase> out = new ArrayList<>();
        for (int batch : new int[] {1, 4}) {
            Map<String, INDArray> inputs = new LinkedHashMap<>();
            String shape = null;
            for (OnnxModel.Port p : model.inputs()) {
                long[] s = p.shape().clone();
                s[0] = batch;
                for (int k = 1; k < s.length; k++) {
                    s[k] = s[k] < 0 ? DEFAULT_SIZE : s[k];
                }
                INDArray x = Nd4j.create(p.dataType(), s);
                float[] v = new float[(int) x.length()];
                for (int k = 0; k < v.length; k++) {
                    v[k] = random.nextFloat();
                }
                inputs.put(p.name(), Nd4j.createFromArray(v).reshape(s).castTo(p.dataType()));
                shape = shape == null ? join(s) : shape;
            }
            out.add(new VerificationCase(shape, shape, inputs, null));
        }
        return out;
    }

    private static String join(long[] s) {
        StringBuilder b = new StringBuilder();
        for (long d : s) {
            b.append(b.length() == 0 ? "" : "x").append(d);
        }
        return b.toString();
    }
}
