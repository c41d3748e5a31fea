/**
 * The project's error vocabulary: {@link io.sentifuse.errors.UserInputException} is bad input (exit 2),
 * everything else is an internal error (exit 1).
 */
package io.sentifuse.errors;
