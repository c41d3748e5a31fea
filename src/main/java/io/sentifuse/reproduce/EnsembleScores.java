package io.sentifuse.reproduce;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.sentifuse.ensemble.RunEnsemble;
import io.sentifuse.eval.Evaluation;
import io.sentifuse.files.Checksums;
import io.sentifuse.files.Json;
import io.sentifuse.train.TrainingReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;

/**
 * The figures of scored ensembles, kept beside the runs ({@code .ensembles/} in the members' runs folder) so that a
 * reproduction that reuses every run does not score its ensembles again either (a five-model ensemble with
 * {@code cmac} and {@code hstec} members costs ~10 s per seed). A score is keyed by the part and, per member, its
 * folder's name and the bytes of its training report: a member trained again (another folder or report) is a
 * different key, so a stale score is never shown.
 */
final class EnsembleScores {

    /** The folder of the stored scores, inside the runs folder. */
    static final String FOLDER = ".ensembles";

    /**
     * One ensemble's figures on one part.
     *
     * @param accuracy       accuracy of the averaged probabilities
     * @param weightedF1     weighted F1
     * @param macroF1        macro F1
     * @param memberAccuracy each member's own accuracy on the same part, in member order
     */
    record Score(@JsonProperty("accuracy") double accuracy, @JsonProperty("weighted_f1") double weightedF1,
                 @JsonProperty("macro_f1") double macroF1,
                 @JsonProperty("member_accuracy") List<Double> memberAccuracy) {

        static Score of(RunEnsemble.Result r) {
            Evaluation e = r.evaluation();
            return new Score(e.report().accuracy(), e.report().weightedF1(), e.report().macroF1(), r.memberAccuracy());
        }
    }

    private final RunEnsemble ensemble;

    EnsembleScores(RunEnsemble ensemble) {
        this.ensemble = ensemble;
    }

    /** The stored score of {@code members} on {@code part}, or the ensemble scored now and stored. */
    Score score(List<Path> members, RunEnsemble.Part part) {
        Path file = members.get(0).toAbsolutePath().getParent().resolve(FOLDER).resolve(key(members, part) + ".json");
        if (Files.isRegularFile(file)) {
            return Json.read(file, Score.class);
        }
        Score s = Score.of(ensemble.evaluate(members, part));
        Json.write(file, s);
        return s;
    }

    static String key(List<Path> members, RunEnsemble.Part part) {
        MessageDigest d = Checksums.sha256();
        d.update(part.name().getBytes(StandardCharsets.UTF_8));
        for (Path m : members) {
            d.update(("\n" + m.getFileName() + "\n").getBytes(StandardCharsets.UTF_8));
            try {
                d.update(Files.readAllBytes(m.resolve(TrainingReport.JSON_FILE)));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the report of ensemble member " + m, e);
            }
        }
        return Checksums.hex(d).substring(0, 24);
    }
}
