package io.sentifuse.encoder.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** The embedding gradient sums over repeated ids (ND4J M2.1's own Gather gradient keeps one occurrence). */
class GatherGradientTest {

    @Test
    void repeatedIdsAccumulateAndTheFixSurvivesSaveAndLoad(@TempDir Path dir) throws Exception {
        GatherGradient.install();
        SameDiff sd = SameDiff.create();
        SDVariable ids = sd.placeHolder("ids", DataType.LONG, -1, -1);
        SDVariable table = sd.var("table", Nd4j.rand(DataType.FLOAT, 10, 4));
        INDArray weights = Nd4j.rand(DataType.FLOAT, 2, 3, 4);
        sd.sum("loss", sd.gather(table, ids, 0).mul(sd.constant("w", weights)));
        sd.setLossVariables("loss");
        long[][] idv = {{1, 3, 3}, {3, 9, 1}};
        INDArray expected = Nd4j.zeros(DataType.FLOAT, 10, 4);
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 3; j++) {
                expected.getRow(idv[i][j]).addi(weights.get(NDArrayIndex.point(i), NDArrayIndex.point(j), NDArrayIndex.all()));
            }
        }
        Map<String, INDArray> feed = Map.of("ids", Nd4j.createFromArray(idv));
        INDArray grad = sd.calculateGradients(feed, List.of("table")).get("table");
        assertThat(grad.sub(expected).amaxNumber().doubleValue()).isLessThan(1e-6);

        File file = dir.resolve("g.sd").toFile();
        sd.save(file, false);
        SameDiff loaded = SameDiff.load(file, false);
        loaded.setLossVariables("loss");
        INDArray again = loaded.calculateGradients(feed, List.of("table")).get("table");
        assertThat(again.sub(expected).amaxNumber().doubleValue()).isLessThan(1e-6);
    }
}
