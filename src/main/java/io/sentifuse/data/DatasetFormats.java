package io.sentifuse.data;

import io.sentifuse.errors.UserInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The dataset formats by name: {@code data.format} in configs, {@code --format} on the command line. */
public final class DatasetFormats {

    /** The format commands assume when none is named (the default of {@code data.format}). */
    public static final String DEFAULT = "mvsa-single";

    private static final Map<String, DatasetFormat> FORMATS = register(
            MvsaFormat.single(),
            MvsaFormat.multiple(),
            new ManifestFormat());

    private DatasetFormats() {
    }

    /** The format called {@code name}; an unknown name is bad input that lists the known ones. */
    public static DatasetFormat byName(String name) {
        DatasetFormat f = FORMATS.get(name == null ? "" : name.trim());
        if (f == null) {
            throw new UserInputException("unknown dataset format '" + name + "': expected one of "
                    + String.join(", ", names()));
        }
        return f;
    }

    public static List<String> names() {
        return List.copyOf(FORMATS.keySet());
    }

    /** Reads {@code path} in format {@code name}. */
    public static Dataset read(Path path, String name) {
        return byName(name).read(path);
    }

    /**
     * Checks that {@code dir} is a non-empty directory, with a message naming it and the format's layout
     * otherwise. Formats call this first.
     */
    static void requireDatasetDirectory(Path dir, DatasetFormat format) {
        if (!Files.exists(dir)) {
            throw new UserInputException("dataset directory " + dir + " does not exist (format " + format.name()
                    + " expects " + format.layout() + ")");
        }
        if (!Files.isDirectory(dir)) {
            throw new UserInputException(dir + " is not a directory (format " + format.name() + " expects "
                    + format.layout() + ")");
        }
        try (Stream<Path> entries = Files.list(dir)) {
            if (entries.findAny().isEmpty()) {
                throw new UserInputException("dataset directory " + dir + " is empty (format " + format.name()
                        + " expects " + format.layout() + ")");
            }
        } catch (java.io.IOException e) {
            throw new UserInputException("cannot list dataset directory " + dir + ": " + e.getMessage(), e);
        }
    }

    private static Map<String, DatasetFormat> register(DatasetFormat... formats) {
        Map<String, DatasetFormat> map = new LinkedHashMap<>();
        for (DatasetFormat f : formats) {
            if (map.put(f.name(), f) != null) {
                throw new IllegalStateException("two dataset formats are called " + f.name());
            }
        }
        return map;
    }
}
