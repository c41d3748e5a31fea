/**
 * The {@code sentifuse} command tree (picocli). Commands are thin: they parse arguments, call a service
 * that returns a result object, and print it as text or, with {@code --json}, as one JSON object on stdout.
 * Logs go to stderr. Exit codes: 0 ok, 2 bad input or usage, 1 internal error.
 */
package io.sentifuse.cli;
