package io.sentifuse.encoder.verify;

import io.sentifuse.encoder.onnx.proto.OnnxModel;
import io.sentifuse.seeds.Seeds;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Generated inputs for BERT-family text models (input_ids, attention_mask, optional token_type_ids):
 * batch x length 1x8 (no padding), 8x32 with padding after a random length per row, and 32x64.
 * Ids are drawn uniformly from the model's vocabulary; padded positions hold id 0 with mask 0.
 */
public final class TextCases {

    /** Seed of the verification inputs (fixed, so that every verification of a model sees the same inputs). */
    public static final long SEED = 20_240_611L;

    /** The shapes checked by default: batch, length, padded. */
    static final int[][] DEFAULT = {{1, 8, 0}, {8, 32, 1}, {32, 64, 0}};

    private TextCases() {
    }

    public static List<VerificationCase> generate(OnnxModel model, long vocabulary, long typeVocabulary) {
        return generate(model, vocabulary, typeVocabulary, DEFAULT);
    }

    static List<VerificationCase> generate(OnnxModel model, long vocabulary, long typeVocabulary, int[][] shapes) {
        Random random = Seeds.of(SEED).random("verify-text");
        List<VerificationCase> out = new ArrayList<>();
        for (int[] s : shapes) {
            out.add(one(model, vocabulary, typeVocabulary, s[0], s[1], s[2] != 0, random));
        }
        return out;
    }

    private static VerificationCase one(OnnxModel model, long vocabulary, long typeVocabulary, int batch, int length,
                                        boolean padded, Random random) {
        long[][] ids = new long[batch][length];
        long[][] mask = new long[batch][length];
        long[][] types = new long[batch][length];
        for (int b = 0; b < batch; b++) {
            int real = padded ? 1 + random.nextInt(length) : length;
            int secondSegment = typeVocabulary > 1 && real > 2 ? 1 + random.nextInt(real - 1) : real;
            for (int t = 0; t < real; t++) {
                ids[b][t] = random.nextInt((int) Math.min(vocabulary, Integer.MAX_VALUE));
                mask[b][t] = 1;
                types[b][t] = t >= secondSegment ? 1 : 0;
            }
        }
        Map<String, INDArray> inputs = new LinkedHashMap<>();
        for (OnnxModel.Port p : model.inputs()) {
            long[][] values = switch (TextSignature.role(p.name())) {
                case IDS -> ids;
                case MASK -> mask;
                case TYPES -> types;
                case POSITIONS -> positions(batch, length);
                case OTHER -> throw new IllegalArgumentException("text model input '" + p.name() + "' has no known role");
            };
            out(inputs, p, values);
        }
        String shape = batch + "x" + length;
        return new VerificationCase(shape + (padded ? " padded" : ""), shape, inputs,
                Nd4j.createFromArray(mask).castTo(DataType.LONG));
    }

    private static void out(Map<String, INDArray> inputs, OnnxModel.Port p, long[][] values) {
        inputs.put(p.name(), Nd4j.createFromArray(values).castTo(p.dataType()));
    }

    private static long[][] positions(int batch, int length) {
        long[][] p = new long[batch][length];
        for (long[] row : p) {
            for (int t = 0; t < length; t++) {
                row[t] = t;
            }
        }
        return p;
    }
}
