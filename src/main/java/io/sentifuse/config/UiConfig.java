package io.sentifuse.config;

/** The DL4J UI server that shows live training curves. */
public record UiConfig(
        @Default(value = "false", doc = "Start the UI server during training (the --ui flag sets this).")
        boolean enabled,
        @Default(value = "127.0.0.1", doc = "Address the UI server binds; loopback unless you mean to expose it.")
        String host,
        @Default(value = "9000", doc = "Port of the UI server.")
        int port) {
}
