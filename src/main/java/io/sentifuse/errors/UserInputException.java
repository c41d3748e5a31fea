package io.sentifuse.errors;

/**
 * Bad input from the user: a file, a config key, a model, a dataset item. The message names the item,
 * the field and what was expected; the CLI prints it without a stack trace and exits with {@link #EXIT_CODE}.
 */
public class UserInputException extends RuntimeException {

    /** Exit status for bad input or usage, per the CLI contract. */
    public static final int EXIT_CODE = 2;

    public UserInputException(String message) {
        super(message);
    }

    public UserInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
