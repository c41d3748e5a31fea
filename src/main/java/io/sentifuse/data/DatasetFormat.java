package io.sentifuse.data;

import java.nio.file.Path;

/**
 * One on-disk layout of paired text-image samples. Implementations are stateless; they are registered by
 * name in {@link DatasetFormats} (adding a format is one class plus one line there).
 *
 * <p>Problems with the dataset as a whole (missing or empty directory, missing label file, wrong header)
 * are thrown as {@link io.sentifuse.errors.UserInputException}s; problems with single records become
 * {@link Problem}s in the result, so that the item policy can decide between skipping and failing.
 */
public interface DatasetFormat {

    /** The name used in configs and on the command line, e.g. {@code mvsa-single}. */
    String name();

    /** The expected layout in a few words, for error messages. */
    String layout();

    /** Reads every record of the dataset at {@code path} (a directory, or a manifest file). */
    Dataset read(Path path);
}
