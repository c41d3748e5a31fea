package io.sentifuse.encoder.image;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * An image model's translated SameDiff graph behind the {@link ImageBatchRunner} interface, so that the nsfwjs
 * reference check and the throughput benchmark run it exactly as they run ONNX Runtime.
 *
 * @param sd      the graph
 * @param input   the placeholder of the image input
 * @param outputs SameDiff variable per ONNX output name
 */
public record SameDiffImageRunner(SameDiff sd, String input, Map<String, String> outputs) implements ImageBatchRunner {

    @Override
    public Map<String, float[]> run(float[] nchw, int batch, int size, List<String> names) {
        INDArray x = Nd4j.createFromArray(nchw).reshape(batch, nchw.length / ((long) batch * size * size), size, size);
        String[] vars = names.stream().map(n -> {
            String v = outputs.get(n);
            if (v == null) {
                throw new IllegalArgumentException("the graph has no output '" + n + "'; outputs: " + outputs.keySet());
            }
            return v;
        }).toArray(String[]::new);
        Map<String, INDArray> result = sd.output(Map.of(input, x), vars);
        Map<String, float[]> out = new LinkedHashMap<>();
        for (int k = 0; k < vars.length; k++) {
            out.put(names.get(k), result.get(vars[k]).castTo(DataType.FLOAT).dup('c').data().asFloat());
        }
        return out;
    }

    @Override
    public String engine() {
        return "samediff";
    }

    @Override
    public void close() {
        // the graph belongs to the caller
    }
}
