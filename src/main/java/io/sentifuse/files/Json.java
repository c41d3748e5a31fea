package io.sentifuse.files;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.sentifuse.errors.UserInputException;
import java.io.IOException;
import java.nio.file.Path;

/** The project's one JSON mapper: structured files (provenance, metrics) and {@code --json} output. */
public final class Json {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    private Json() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** Indented JSON, for files people read and {@code --json} output. */
    public static String pretty(Object value) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /** One-line JSON, for JSON Lines files. */
    public static String line(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /** Writes {@code value} to {@code file} atomically (a reader never sees half a file, a kill never leaves one). */
    public static void write(Path file, Object value) {
        AtomicFiles.writeString(file, pretty(value) + "\n");
    }

    /**
     * The JSON file as {@code type}. A missing, unreadable or malformed file is bad input (the files read here
     * are ones a user points at: run folders, models, checkpoints), named in the message.
     */
    public static <T> T read(Path file, Class<T> type) {
        try {
            return MAPPER.readValue(file.toFile(), type);
        } catch (JsonProcessingException e) {
            throw new UserInputException(file + ": not valid JSON for a " + type.getSimpleName() + ": "
                    + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UserInputException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
