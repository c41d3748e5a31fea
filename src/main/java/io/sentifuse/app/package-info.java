/**
 * The standard wiring of the application ({@link io.sentifuse.app.Services}): the training modes, feature sources
 * and listeners that the command line, sweeps and reproductions use. The only place that names them all, so
 * every other package depends one way.
 */
package io.sentifuse.app;
