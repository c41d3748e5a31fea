package io.sentifuse.data;

import java.nio.file.Path;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What a {@link DatasetFormat} read from a dataset: the usable pairs, what was dropped by the label rule
 * and why, and what could not be used. Images are not decoded at this stage (see {@link DataCheck} and the
 * streaming iterator), so an item here may still turn out to have a corrupt image.
 *
 * <p>Every record read ends in exactly one place: {@code rows = items + droppedConflicting +
 * droppedNoMajority + problems}.
 *
 * @param format             the format's name
 * @param path               the dataset path as given (directory or manifest file)
 * @param root               the directory that {@link #files} are relative to
 * @param rows               records read (data lines of the label file or manifest)
 * @param items              usable pairs, in file order
 * @param droppedConflicting ids dropped because text and image labels are positive vs negative
 * @param droppedNoMajority  ids dropped because fewer than two annotators agree on a modality (MVSA-Multiple)
 * @param problems           records that could not be used (bad line, missing file), in file order
 * @param textEncodings      encoding name to number of texts it decoded, over every text read
 * @param files              every file the dataset consists of, relative to {@code root} with '/', sorted,
 *                           to its SHA-256 where already computed (else null); see {@link DatasetChecksum}
 */
public record Dataset(String format, Path path, Path root, int rows, List<Pair> items,
                      List<String> droppedConflicting, List<String> droppedNoMajority, List<Problem> problems,
                      Map<String, Integer> textEncodings, SortedMap<String, String> files) {

    public Dataset {
        items = List.copyOf(items);
        droppedConflicting = List.copyOf(droppedConflicting);
        droppedNoMajority = List.copyOf(droppedNoMajority);
        problems = List.copyOf(problems);
        textEncodings = Collections.unmodifiableMap(new LinkedHashMap<>(textEncodings));
        files = Collections.unmodifiableSortedMap(new TreeMap<>(files));
    }

    /** Texts that were not valid UTF-8. */
    public int nonUtf8Texts() {
        return textEncodings.entrySet().stream()
                .filter(e -> !TextDecoder.UTF_8.equals(e.getKey()))
                .mapToInt(Map.Entry::getValue).sum();
    }

    /** Label word to count over the labelled {@code pairs}, in class-index order, zeros included. */
    public static Map<String, Integer> labelCounts(List<Pair> pairs) {
        Map<Label, Integer> counts = new EnumMap<>(Label.class);
        for (Label l : Label.values()) {
            counts.put(l, 0);
        }
        pairs.stream().filter(Pair::labelled).forEach(p -> counts.merge(p.label(), 1, Integer::sum));
        Map<String, Integer> byWord = new LinkedHashMap<>();
        counts.forEach((l, n) -> byWord.put(l.word(), n));
        return byWord;
    }

    /** The usable pairs by id. */
    public Map<String, Pair> byId() {
        Map<String, Pair> map = new LinkedHashMap<>();
        items.forEach(p -> map.put(p.id(), p));
        return map;
    }

    /** {@code file} relative to {@link #root()} with '/' separators (absolute when outside it). */
    public String relative(Path file) {
        return relative(root, file);
    }

    static String relative(Path root, Path file) {
        Path abs = file.toAbsolutePath().normalize();
        Path base = root.toAbsolutePath().normalize();
        return (abs.startsWith(base) ? base.relativize(abs) : abs).toString().replace('\\', '/');
    }
}
