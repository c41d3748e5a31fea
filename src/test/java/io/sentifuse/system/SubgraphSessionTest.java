package io.sentifuse.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class SubgraphSessionTest {

    private static SameDiff graph() {
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.placeHolder("x", DataType.FLOAT, -1, 3);
        SDVariable w = sd.var("w", Nd4j.linspace(-1, 1, 6, DataType.FLOAT).reshape(3, 2));
        SDVariable a = x.mmul(w).rename("a");
        sd.nn.relu(a, 0).add(1.0).rename("b");
        a.mul(a).sum().rename("loss");
        sd.setLossVariables("loss");
        return sd;
    }

    /** The outputs' values exactly ({@code INDArray.equals} allows differences up to 1e-5). */
    private static Map<String, java.util.List<Double>> exact(Map<String, INDArray> outputs) {
        Map<String, java.util.List<Double>> out = new java.util.TreeMap<>();
        outputs.forEach((k, v) -> out.put(k, java.util.Arrays.stream(v.dup('c').castTo(DataType.DOUBLE)
                .data().asDouble()).boxed().toList()));
        return out;
    }

    private static Map<String, INDArray> feed(int step) {
        return Map.of("x", Nd4j.linspace(-2 + step, 2 + step, 12, DataType.FLOAT).reshape(4, 3));
    }

    @Test
    void walksTheGraphOncePerSetOfOutputsWithTheValuesOfTheStockSession() {
        SameDiff plain = graph();
        SameDiff cached = graph();
        SubgraphSession session = (SubgraphSession) SubgraphSession.install(cached);
        for (int step = 0; step < 3; step++) {
            assertThat(exact(cached.output(feed(step), "a"))).isEqualTo(exact(plain.output(feed(step), "a")));
        }
        assertThat(session.walksDone()).isEqualTo(1);
        assertThat(exact(cached.output(feed(0), "a", "b"))).isEqualTo(exact(plain.output(feed(0), "a", "b")));
        assertThat(exact(cached.output(feed(1), "b"))).isEqualTo(exact(plain.output(feed(1), "b")));
        assertThat(exact(cached.output(feed(2), "a", "b"))).isEqualTo(exact(plain.output(feed(2), "a", "b")));
        assertThat(session.walksDone()).isEqualTo(3);
        // installing again keeps the session and what it knows
        assertThat(SubgraphSession.install(cached)).isSameAs(session);

        // a graph that grows is walked again
        cached.getVariable("b").mul(2.0).rename("c");
        plain.getVariable("b").mul(2.0).rename("c");
        assertThat(exact(cached.output(feed(0), "a"))).isEqualTo(exact(plain.output(feed(0), "a")));
        assertThat(exact(cached.output(feed(0), "c"))).isEqualTo(exact(plain.output(feed(0), "c")));
        assertThat(session.walksDone()).isEqualTo(5);
    }

    @Test
    void gradientStepsOnTheCachedWalkEqualTheStockOnesBitForBit() {
        SameDiff plain = graph();
        SameDiff cached = graph();
        for (int step = 0; step < 4; step++) {
            Map<String, INDArray> expected = plain.calculateGradients(feed(step), List.of("w"));
            Map<String, INDArray> got = cached.calculateGradients(feed(step), List.of("w"));
            assertThat(got.get("w").data().asFloat()).containsExactly(expected.get("w").data().asFloat());
            SubgraphSession.install(cached.getFunction("grad"));
        }
        SubgraphSession session = (SubgraphSession) cached.getFunction("grad").getSessions()
                .get(Thread.currentThread().getId());
        assertThat(session.walksDone()).as("steps 2-4 share one walk").isEqualTo(1);
    }
}
