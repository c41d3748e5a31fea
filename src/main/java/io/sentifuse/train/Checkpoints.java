package io.sentifuse.train;

import io.sentifuse.errors.UserInputException;
import io.sentifuse.files.AtomicFiles;
import io.sentifuse.files.Json;
import io.sentifuse.model.NamedArrays;
import io.sentifuse.model.TrainableModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The epoch checkpoints of a run, {@code <run>/checkpoints/epoch-NNNN/} (NNNN = the 0-based epoch, as in
 * metrics.jsonl): the model as {@link TrainableModel#save}
 * writes it (so every checkpoint is also a loadable model), {@value #OPTIMIZER_FILE} and {@value #STATE_FILE}.
 * A checkpoint is assembled in a hidden sibling folder and renamed into place, so a killed run leaves either a
 * complete checkpoint or none. The latest {@code keep} checkpoints and the best one are kept.
 */
public final class Checkpoints {

    public static final String DIR = "checkpoints";
    public static final String STATE_FILE = "state.json";
    public static final String OPTIMIZER_FILE = "optimizer.bin";
    private static final String PREFIX = "epoch-";
    private static final String PARTIAL = ".partial-";
    private static final Logger LOG = LoggerFactory.getLogger(Checkpoints.class);

    private final Path root;
    private final int keep;

    public Checkpoints(Path runDir, int keep) {
        this.root = runDir.resolve(DIR);
        this.keep = keep;
    }

    /**
     * A checkpoint read back.
     *
     * @param dir the checkpoint folder: the model as {@link TrainableModel#save} wrote it at the end of the epoch
     */
    public record Loaded(Path dir, CheckpointState state, Map<String, INDArray> optimizer) {
    }

    public static Path folder(Path root, int epoch) {
        return root.resolve(String.format("%s%04d", PREFIX, epoch));
    }

    /** Writes the checkpoint of {@code state.epoch()}. */
    public void save(CheckpointState state, TrainableModel<?> model, Map<String, INDArray> optimizerState) {
        Path target = folder(root, state.epoch());
        Path partial = root.resolve(PARTIAL + target.getFileName());
        try {
            AtomicFiles.deleteTree(partial);
            Files.createDirectories(partial);
            model.save(partial);
            NamedArrays.write(partial.resolve(OPTIMIZER_FILE), optimizerState);
            Json.write(partial.resolve(STATE_FILE), state);
            AtomicFiles.deleteTree(target);
            AtomicFiles.moveIntoPlace(partial, target);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint " + target, e);
        }
    }

    /** The most recent complete checkpoint, if any. */
    public Optional<Loaded> latest() {
        List<Integer> epochs = epochs();
        return epochs.isEmpty() ? Optional.empty() : Optional.of(load(epochs.get(epochs.size() - 1)));
    }

    public Loaded load(int epoch) {
        Path dir = folder(root, epoch);
        Path stateFile = dir.resolve(STATE_FILE);
        if (!Files.isRegularFile(stateFile)) {
            throw new UserInputException("checkpoint " + dir + " is missing " + STATE_FILE);
        }
        CheckpointState state = Json.read(stateFile, CheckpointState.class);
        if (state.format() != CheckpointState.FORMAT) {
            throw new UserInputException(stateFile + ": checkpoint format " + state.format() + ", this build reads "
                    + CheckpointState.FORMAT);
        }
        return new Loaded(dir, state, NamedArrays.read(dir.resolve(OPTIMIZER_FILE)));
    }

    /** Epochs with a complete checkpoint, ascending. */
    public List<Integer> epochs() {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        List<Integer> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(root)) {
            s.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith(PREFIX) && Files.isRegularFile(root.resolve(n).resolve(STATE_FILE)))
                    .forEach(n -> out.add(Integer.parseInt(n.substring(PREFIX.length()))));
        } catch (IOException | NumberFormatException e) {
            throw new UserInputException("cannot list checkpoints in " + root + ": " + e.getMessage(), e);
        }
        out.sort(Comparator.naturalOrder());
        return out;
    }

    /** Deletes checkpoints other than the latest {@code keep} and {@code bestEpoch}, and leftovers of killed writes. */
    public void prune(int bestEpoch) {
        List<Integer> epochs = epochs();
        for (int i = 0; i < epochs.size() - keep; i++) {
            if (epochs.get(i) != bestEpoch) {
                deleteQuietly(folder(root, epochs.get(i)));
            }
        }
        try (Stream<Path> s = Files.list(root)) {
            s.filter(p -> p.getFileName().toString().startsWith(PARTIAL)).forEach(Checkpoints::deleteQuietly);
        } catch (IOException e) {
            LOG.warn("cannot list {} to remove partial checkpoints: {}", root, e.toString());
        }
    }

    private static void deleteQuietly(Path dir) {
        try {
            AtomicFiles.deleteTree(dir);
        } catch (UncheckedIOException e) {
            LOG.warn("cannot delete old checkpoint {}: {}", dir, e.toString());
        }
    }
}
