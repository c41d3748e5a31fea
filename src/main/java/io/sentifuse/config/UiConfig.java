package io.sentifuse.config;

/** The DL4J UI server that shows live training curves. */
public record UiConfig(
        @Default(value = "false", doc = "Serve live training curves during training (the --ui flag sets this).")
        boolean enabled,
        @Default(value = "127.0.0.1", doc = "Address the UI server binds (--ui-host); loopback unless you mean to expose it, e.g. 0.0.0.0 for all interfaces.")
        String host,
        @Default(value = "9000", doc = "Port of the UI server; 0 picks a free one; a port in use is an error.")
        int port) {
}
