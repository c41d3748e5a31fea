package io.sentifuse.encoder.tfjs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.sentifuse.errors.UserInputException;
import io.sentifuse.files.Json;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import onnx.Onnx.ModelProto;
import onnx.Onnx.NodeProto;
import org.junit.jupiter.api.Test;

/**
 * What the graph-model converter emits and refuses, on hand-written graphs (the face models themselves are checked
 * against TF.js in FaceModelsTest).
 */
class TfjsGraphToOnnxTest {

    private static final String INPUT = "{\"name\":\"input\",\"op\":\"Placeholder\",\"attr\":{\"shape\":{\"shape\":"
            + "{\"dim\":[{\"size\":\"1\"},{\"size\":\"4\"},{\"size\":\"4\"},{\"size\":\"2\"}]}}}}";

    @Test
    void channelPaddingAndReshapeKeepTfElementOrder() {
        // Pad the channels 2 -> 4 (TF paddings [[0,0],[0,0],[0,0],[0,2]]), then reshape to [1, 64, 1]
        String nodes = "[" + INPUT + ",{\"name\":\"p\",\"op\":\"Const\"},{\"name\":\"pad\",\"op\":\"Pad\","
                + "\"input\":[\"input\",\"p\"]},{\"name\":\"s\",\"op\":\"Const\"},{\"name\":\"r\",\"op\":\"Reshape\","
                + "\"input\":[\"pad\",\"s\"]}]";
        ModelProto m = TfjsGraphToOnnx.convert(artifacts(nodes, List.of(
                new Spec("p", new int[] {4, 2}, new int[] {0, 0, 0, 0, 0, 0, 0, 2}),
                new Spec("s", new int[] {3}, new int[] {1, 64, 1}))));
        List<String> ops = m.getGraph().getNodeList().stream().map(NodeProto::getOpType).toList();
        assertThat(ops).containsExactly("Pad", "Transpose", "Reshape");
        // NCHW pads: begin (n, c, h, w) then end: the channel axis gets the 2
        long[] pads = longs(m, "pad/pads");
        assertThat(pads).containsExactly(0, 0, 0, 0, 0, 2, 0, 0);
        // a leading 1 over the batch becomes ONNX's "copy the batch" (0)
        long[] shape = longs(m, "r/shape");
        assertThat(shape).containsExactly(0, 64, 1);
        assertThat(m.getGraph().getOutput(0).getName()).isEqualTo("r");
        assertThat(m.getGraph().getInput(0).getType().getTensorType().getShape().getDim(1).getDimValue()).isEqualTo(2);
    }

    @Test
    void unsupportedOpsUnusedWeightsAndLayersModelsAreRefusedByName() {
        String erf = "[" + INPUT + ",{\"name\":\"e\",\"op\":\"Erf\",\"input\":[\"input\"]}]";
        assertThatThrownBy(() -> TfjsGraphToOnnx.convert(artifacts(erf, List.of())))
                .isInstanceOf(UserInputException.class)
                .hasMessage("test.json: node 'e': op Erf is not supported by the TF.js graph converter");
        String relu = "[" + INPUT + ",{\"name\":\"w\",\"op\":\"Const\"},{\"name\":\"r\",\"op\":\"Relu\","
                + "\"input\":[\"input\"]}]";
        assertThatThrownBy(() -> TfjsGraphToOnnx.convert(artifacts(relu, List.of(new Spec("w", new int[] {1},
                new int[] {3})))))
                .isInstanceOf(UserInputException.class)
                .hasMessageContaining("1 weights are not used by any converted node").hasMessageContaining("[w]");
        JsonNode layers = Json.mapper().createObjectNode().set("model_config", Json.mapper().createObjectNode());
        TfjsArtifacts keras = new TfjsArtifacts("keras.json", layers, Json.mapper().createArrayNode(), List.of());
        assertThatThrownBy(() -> TfjsGraphToOnnx.convert(keras)).isInstanceOf(UserInputException.class)
                .hasMessageContaining("keras.json: a TF.js layers model, not a graph model");
        String reshape4 = "[" + INPUT + ",{\"name\":\"s\",\"op\":\"Const\"},{\"name\":\"r\",\"op\":\"Reshape\","
                + "\"input\":[\"input\",\"s\"]}]";
        assertThatThrownBy(() -> TfjsGraphToOnnx.convert(artifacts(reshape4, List.of(new Spec("s", new int[] {4},
                new int[] {1, 2, 8, 2})))))
                .isInstanceOf(UserInputException.class)
                .hasMessage("test.json: node 'r': a Reshape to a rank-4 map is not supported (the converter keeps maps"
                        + " NCHW)");
        String mixed = "[" + INPUT + ",{\"name\":\"s\",\"op\":\"Const\"},{\"name\":\"r\",\"op\":\"Reshape\","
                + "\"input\":[\"input\",\"s\"]},{\"name\":\"a\",\"op\":\"AddV2\",\"input\":[\"input\",\"r\"]}]";
        assertThatThrownBy(() -> TfjsGraphToOnnx.convert(artifacts(mixed, List.of(new Spec("s", new int[] {2},
                new int[] {1, 32})))))
                .isInstanceOf(UserInputException.class)
                .hasMessage("test.json: node 'a': adding values of rank 4 and 2 is not supported (expected equal ranks)");
        String sameInput = "[" + INPUT + ",{\"name\":\"c\",\"op\":\"Conv2D\",\"input\":[\"input\",\"input\"],"
                + "\"attr\":{}}]";
        assertThatThrownBy(() -> TfjsGraphToOnnx.convert(artifacts(sameInput, List.of())))
                .isInstanceOf(UserInputException.class)
                .hasMessage("test.json: node 'c': input 1 'input' must be a constant in the weights manifest");
    }

    private static long[] longs(ModelProto m, String name) {
        var raw = m.getGraph().getInitializerList().stream().filter(t -> t.getName().equals(name)).findFirst()
                .orElseThrow().getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asLongBuffer();
        long[] out = new long[raw.remaining()];
        raw.get(out);
        return out;
    }

    private record Spec(String name, int[] shape, int[] values) {
    }

    /** A graph model of {@code nodes} whose int32 constants are {@code specs}. */
    private static TfjsArtifacts artifacts(String nodes, List<Spec> specs) {
        var topology = Json.mapper().createObjectNode();
        try {
            topology.set("node", Json.mapper().readTree(nodes));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        var weights = Json.mapper().createArrayNode();
        int count = specs.stream().mapToInt(s -> s.values().length).sum();
        ByteBuffer bytes = ByteBuffer.allocate(4 * count).order(ByteOrder.LITTLE_ENDIAN);
        for (Spec s : specs) {
            var w = weights.addObject().put("name", s.name()).put("dtype", "int32");
            var shape = w.putArray("shape");
            for (int d : s.shape()) {
                shape.add(d);
            }
            for (int v : s.values()) {
                bytes.putInt(v);
            }
        }
        var manifest = Json.mapper().createArrayNode();
        manifest.addObject().set("weights", weights);
        return new TfjsArtifacts("test.json", topology, manifest, List.of(bytes.array()));
    }
}
