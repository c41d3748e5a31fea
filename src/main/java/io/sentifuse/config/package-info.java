/**
 * Typed experiment configuration.
 *
 * <p>Each setting is a record component carrying its default and one-line documentation in
 * {@link io.sentifuse.config.Default}; that annotation is the only place a default is declared.
 * {@link io.sentifuse.config.ConfigLoader} reads YAML ({@code extends:} inheritance, {@code --set}
 * overrides) strictly: unknown keys and wrong types are {@link io.sentifuse.errors.UserInputException}s
 * naming the file, line and key path. {@code experiments/base.yaml} is generated from the annotations
 * ({@code sentifuse config defaults}) and a test keeps it in step.
 */
package io.sentifuse.config;
