package io.sentifuse.fusion;

import com.fasterxml.jackson.databind.JsonNode;
import io.sentifuse.config.FusionConfig;
import io.sentifuse.data.Label;
import io.sentifuse.features.FeatureDims;
import io.sentifuse.files.Json;
import io.sentifuse.model.NamedArrays;
import io.sentifuse.seeds.Seeds;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The folder form of a {@link FusionModel}: {@value FusionModel#MODEL_FILE} (format, head, fusion settings,
 * feature dims, class order, parameter roles) and {@value FusionModel#PARAMETERS_FILE} (parameter values and
 * standardisation statistics, bit-exact).
 */
final class FusionModelFiles {

    static final String FORMAT = "sentifuse-fusion-model-v1";

    private FusionModelFiles() {
    }

    static void save(FusionModel model, Path dir) {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("format", FORMAT);
        meta.put("head", model.head().name());
        meta.put("fusion", Json.mapper().convertValue(model.config(), Map.class));
        meta.put("dims", Json.mapper().convertValue(model.dims(), Map.class));
        List<String> classes = new ArrayList<>();
        for (Label l : Label.values()) {
            classes.add(l.word());
        }
        meta.put("classes", classes);
        Map<String, String> roles = new LinkedHashMap<>();
        model.parameters().forEach((k, v) -> roles.put(k, v.name().toLowerCase(Locale.ROOT)));
        meta.put("parameters", roles);
        meta.put("exposed_outputs", model.exposedOutputs());
        Map<String, INDArray> arrays = new LinkedHashMap<>();
        for (String name : model.parameters().keySet()) {
            arrays.put(name, model.parameter(name));
        }
        model.standardization().asArrays().forEach((k, v) -> arrays.put(k, Nd4j.createFromArray(v)));
        NamedArrays.write(dir.resolve(FusionModel.PARAMETERS_FILE), arrays);
        Json.write(dir.resolve(FusionModel.MODEL_FILE), meta);
    }

    static FusionModel load(Path dir) {
        Path paramFile = dir.resolve(FusionModel.PARAMETERS_FILE);
        JsonNode meta = ModelMeta.read(dir, FusionModel.MODEL_FILE, FusionModel.PARAMETERS_FILE, FORMAT, "fusion model");
        FusionConfig config = Json.mapper().convertValue(meta.get("fusion"), FusionConfig.class);
        FeatureDims dims = Json.mapper().convertValue(meta.get("dims"), FeatureDims.class);
        Map<String, INDArray> arrays = NamedArrays.read(paramFile);
        Map<String, float[]> stats = new LinkedHashMap<>();
        arrays.forEach((k, v) -> {
            if (k.startsWith("standardize/")) {
                stats.put(k, v.castTo(DataType.FLOAT).toFloatVector());
            }
        });
        FusionModel model = FusionModel.build(FusionHeads.get(meta.path("head").asText()), config, dims,
                Standardization.fromArrays(stats), Seeds.of(0), DataType.FLOAT);
        model.setParameters(arrays, paramFile.toString());
        return model;
    }
}
