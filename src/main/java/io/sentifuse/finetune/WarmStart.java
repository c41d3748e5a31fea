package io.sentifuse.finetune;

import com.fasterxml.jackson.databind.JsonNode;
import io.sentifuse.errors.UserInputException;
import io.sentifuse.files.Json;
import io.sentifuse.fusion.FusionModel;
import io.sentifuse.model.ParamSpec;
import io.sentifuse.train.TrainingReport;
import io.sentifuse.train.TrainingService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code training.warm_start}: a fine-tuning run's head starts from the head of a finished frozen-feature run instead
 * of from scratch (at fine-tuning's small learning rates a fresh head hardly moves in an epoch). The frozen head must
 * be the same head with the same settings over the same feature widths, and trained on raw features
 * ({@code fusion.standardize: false}): the fine-tuned graph feeds the encoders' outputs to the head unscaled.
 */
final class WarmStart {

    private WarmStart() {
    }

    /**
     * Copies the head parameters of {@code runDir}'s best model into {@code model}.
     *
     * @return what provenance records about it
     * @throws UserInputException naming the run and what does not fit
     */
    static Map<String, Object> apply(FineTuneModel model, Path runDir) {
        Path dir = runDir.resolve(TrainingService.MODEL_DIR);
        if (!Files.isRegularFile(dir.resolve(FusionModel.MODEL_FILE))) {
            throw new UserInputException("training.warm_start: " + runDir + " has no frozen-feature model ("
                    + dir.resolve(FusionModel.MODEL_FILE) + "): name a finished run of training.mode frozen");
        }
        FusionModel frozen = FusionModel.load(dir);
        String where = "training.warm_start: " + runDir;
        if (!frozen.headName().equals(model.headName())) {
            throw new UserInputException(where + " trained head " + frozen.headName() + ", this run trains "
                    + model.headName());
        }
        if (!frozen.standardization().asArrays().isEmpty()) {
            throw new UserInputException(where + " standardised its features (fusion.standardize: true); the "
                    + "fine-tuned graph feeds raw encoder features, so warm-start from a run trained with "
                    + "fusion.standardize: false");
        }
        int copied = 0;
        for (Map.Entry<String, ParamSpec> e : model.parameterSpecs().entrySet()) {
            if (!e.getValue().group().equals(ParamSpec.HEAD)) {
                continue;
            }
            String name = e.getKey();
            if (!frozen.parameterSpecs().containsKey(name)) {
                throw new UserInputException(where + " has no head parameter " + name + " (other fusion settings?)");
            }
            var target = model.parameter(name);
            var value = frozen.parameter(name);
            if (!Arrays.equals(target.shape(), value.shape())) {
                throw new UserInputException(where + ": head parameter " + name + " has shape "
                        + Arrays.toString(value.shape()) + ", this run's needs " + Arrays.toString(target.shape())
                        + " (other fusion settings or encoders?)");
            }
            target.assign(value.castTo(target.dataType()));
            copied++;
        }
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("run_dir", runDir.toString());
        p.put("head_parameters", copied);
        Path report = runDir.resolve(TrainingReport.JSON_FILE);
        if (Files.isRegularFile(report)) {
            p.put("val_accuracy", Json.read(report, JsonNode.class).at("/val/accuracy").asDouble());
        }
        return p;
    }
}
