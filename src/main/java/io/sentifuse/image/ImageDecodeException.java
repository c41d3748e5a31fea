package io.sentifuse.image;

import io.sentifuse.errors.UserInputException;
import java.nio.file.Path;

/**
 * An image file that cannot be used: missing, empty, truncated, corrupt, or in no format we decode. The
 * message names the file and what is wrong; {@link #problem()} is the what-is-wrong part alone, for
 * reports that list the path separately.
 */
public class ImageDecodeException extends UserInputException {

    private final transient Path path;
    private final String problem;

    public ImageDecodeException(Path path, String problem) {
        this(path, problem, null);
    }

    public ImageDecodeException(Path path, String problem, Throwable cause) {
        super(path + ": " + problem, cause);
        this.path = path;
        this.problem = problem;
    }

    /** The file (as given to the decoder). */
    public Path path() {
        return path;
    }

    /** What is wrong with it, e.g. "truncated JPEG: no end-of-image marker". */
    public String problem() {
        return problem;
    }
}
