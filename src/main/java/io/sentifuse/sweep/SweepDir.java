package io.sentifuse.sweep;

import io.sentifuse.errors.UserInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The layout of a sweep folder ({@code runs/sweeps/<UTC timestamp>-<name>/}): the resolved sweep file, the
 * ledger, the leaderboard, Arbiter's status storage, and one run folder per candidate and seed under
 * {@value #RUNS} (the same run folders {@code train} writes).
 */
public final class SweepDir {

    /** The sweep file as resolved (base experiment made absolute, {@code --set} applied). */
    public static final String SWEEP_FILE = "sweep.yaml";
    /** One line per finished candidate ({@link Ledger}). */
    public static final String LEDGER_FILE = "candidates.jsonl";
    public static final String LEADERBOARD_CSV = "leaderboard.csv";
    public static final String LEADERBOARD_MD = "leaderboard.md";
    /** Arbiter's status storage, what the stock {@code /arbiter} page shows. */
    public static final String ARBITER_STATS = "arbiter-stats.dl4j";
    /** The candidates' run folders. */
    public static final String RUNS = "runs";
    /** A small summary of the finished sweep (what {@code sweep --json} prints). */
    public static final String RESULT_FILE = "sweep-result.json";

    private SweepDir() {
    }

    /** Whether {@code dir} is a sweep folder (it holds a resolved sweep file). */
    public static boolean isSweep(Path dir) {
        return Files.isRegularFile(dir.resolve(SWEEP_FILE));
    }

    /** {@code dir} checked to be a sweep folder, else bad input naming what is missing. */
    public static Path require(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new UserInputException(dir + ": no such sweep folder");
        }
        if (!isSweep(dir)) {
            throw new UserInputException(dir + " is not a sweep folder: it has no " + SWEEP_FILE);
        }
        return dir;
    }

    /** The run-folder name of candidate {@code index}, seed {@code seed} (after the run folder's timestamp). */
    public static String runName(String sweepName, int index, long seed) {
        return String.format("%s-c%03d-s%d", sweepName, index, seed);
    }

    /**
     * The run folder of a candidate's seed under {@code sweepDir}, if one was started: run folders are named
     * {@code <timestamp>-<run name>}; the latest wins when there are several.
     */
    public static Path findRun(Path sweepDir, String runName) {
        Path runs = sweepDir.resolve(RUNS);
        if (!Files.isDirectory(runs)) {
            return null;
        }
        try (Stream<Path> s = Files.list(runs)) {
            List<Path> found = new ArrayList<>(s.filter(p -> p.getFileName().toString().endsWith("-" + runName))
                    .filter(Files::isDirectory).sorted().toList());
            return found.isEmpty() ? null : found.get(found.size() - 1);
        } catch (IOException e) {
            throw new UserInputException("cannot list " + runs + ": " + e.getMessage(), e);
        }
    }

    /** Sweep folders under {@code root} (itself or up to three levels below), sorted by path. */
    public static List<Path> find(Path root) {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(root, 3)) {
            return s.filter(Files::isDirectory).filter(SweepDir::isSweep).sorted().toList();
        } catch (IOException e) {
            throw new UserInputException("cannot search " + root + " for sweeps: " + e.getMessage(), e);
        }
    }
}
