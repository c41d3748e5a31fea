package io.sentifuse.ui;

import io.sentifuse.errors.UserInputException;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.file.FileSystemOptions;
import java.io.File;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.deeplearning4j.core.storage.StatsStorage;
import org.deeplearning4j.ui.VertxUIServer;
import org.deeplearning4j.ui.model.stats.impl.SbeStatsInitializationReport;
import org.deeplearning4j.ui.model.stats.impl.SbeStatsReport;
import org.deeplearning4j.ui.model.storage.FileStatsStorage;
import org.deeplearning4j.ui.model.storage.InMemoryStatsStorage;
import org.deeplearning4j.ui.model.storage.impl.SbeStorageMetaData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A lease on the JVM's one DL4J UI server, bound to the address we choose (loopback by default).
 *
 * <p>DL4J keeps one UI server per JVM ({@code VertxUIServer.getInstance()}). {@link #start} starts it on the
 * first lease and hands out further leases on the same server while it runs (a sweep's candidates share
 * it); the last {@link #close()} stops it and closes the stats files it opened. Asking for another address
 * while it runs is an error. The stock pages ({@code /train}, {@code /arbiter}) and the project's page
 * ({@value SentifuseUiModule#PAGE}) are served by the same server.
 */
public final class UiServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(UiServer.class);
    private static final long START_TIMEOUT_SECONDS = 60;

    /** The running server and what it owns; guarded by {@code UiServer.class}. */
    private static final class Running {
        final Vertx vertx;
        final BoundVertxUiServer server;
        final String host;
        final int port;
        final long startedFrom;
        final long startedTo;
        final List<StatsStorage> owned = new ArrayList<>();
        int leases;

        Running(Vertx vertx, BoundVertxUiServer server, String host, int port, long startedFrom, long startedTo) {
            this.vertx = vertx;
            this.server = server;
            this.host = host;
            this.port = port;
            this.startedFrom = startedFrom;
            this.startedTo = startedTo;
        }
    }

    private static Running running;

    private final Running lease;
    private boolean closed;

    private UiServer(Running lease) {
        this.lease = lease;
    }

    /**
     * Starts the UI server on {@code host:port}, or leases the running one when it listens there already.
     *
     * @param host an address or name to bind; {@code 127.0.0.1} keeps the server off the network
     * @param port the TCP port; 0 picks a free one
     * @throws UserInputException when the host does not resolve, the port is out of range or in use, or
     *                            the server runs on another address
     */
    public static synchronized UiServer start(String host, int port) {
        String bindHost = validateHost(host);
        if (port < 0 || port > 65535) {
            throw new UserInputException("ui.port: " + port + " is not a TCP port (expected 0..65535; 0 picks a free port)");
        }
        if (running != null) {
            if (!running.host.equals(bindHost) || (port != 0 && port != running.port)) {
                throw new UserInputException("ui: a UI server already runs in this process at "
                        + address(running.host, running.port) + "; cannot also start one at " + address(bindHost, port));
            }
            running.leases++;
            return new UiServer(running);
        }
        VertxUIServer other = VertxUIServer.getInstance();
        if (other != null && !other.isStopped()) {
            throw new IllegalStateException("a DL4J UI server not started by sentifuse already runs in this process at "
                    + other.getAddress() + "; stop it before starting the sentifuse UI");
        }
        running = launch(bindHost, port);
        running.leases = 1;
        UiServer lease = new UiServer(running);
        LOG.info("UI server listening on {} port {}: {}", bindHost, running.port, lease.pageUrl());
        if (!isLoopback(bindHost)) {
            LOG.warn("the UI server on {} is reachable from the network: anyone who can reach this machine can read "
                    + "the training pages (use ui.host / --ui-host 127.0.0.1 to keep it local)", bindHost);
        }
        return lease;
    }

    private static Running launch(String host, int port) {
        File cacheDir = new File(System.getProperty("java.io.tmpdir"), "sentifuse-vertx-cache");
        // Vert.x extracts classpath assets to a cache under the working directory unless told otherwise.
        Vertx vertx = Vertx.vertx(new VertxOptions()
                .setFileSystemOptions(new FileSystemOptions().setFileCacheDir(cacheDir.getAbsolutePath())));
        BoundVertxUiServer server = new BoundVertxUiServer(host, port);
        long startedFrom = System.currentTimeMillis();
        CompletableFuture<String> deployed = new CompletableFuture<>();
        vertx.deployVerticle(server, ar -> {
            if (ar.succeeded()) {
                deployed.complete(ar.result());
            } else {
                deployed.completeExceptionally(ar.cause());
            }
        });
        try {
            deployed.get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            shutDown(vertx, server);
            removeUploadDirs(startedFrom, System.currentTimeMillis());
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            if (hasCause(cause, BindException.class)) {
                throw new UserInputException("ui.port: cannot listen on " + address(host, port)
                        + ": the port is in use (choose another port with ui.port / --port, or 0 for a free one)", cause);
            }
            throw new IllegalStateException("the UI server did not start on " + address(host, port) + ": " + cause, cause);
        } catch (InterruptedException e) {
            shutDown(vertx, server);
            removeUploadDirs(startedFrom, System.currentTimeMillis());
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the UI server on " + address(host, port), e);
        }
        if (!server.bindingApplied()) {
            shutDown(vertx, server);
            removeUploadDirs(startedFrom, System.currentTimeMillis());
            throw new IllegalStateException("the DL4J UI server bound its socket without our address override; "
                    + "refusing to run it on all interfaces (deeplearning4j-vertx changed how it listens)");
        }
        return new Running(vertx, server, host, server.getPort(), startedFrom, System.currentTimeMillis());
    }

    /** Stops the Vert.x instance and clears DL4J's static server reference, so a later start is fresh. */
    private static void shutDown(Vertx vertx, BoundVertxUiServer server) {
        // DL4J's event-routing thread blocks on its queue and checks for shutdown only after an event: a
        // storage attached now lets us send it one once the server is stopped, so the thread ends.
        InMemoryStatsStorage wake = new InMemoryStatsStorage();
        try {
            server.attach(wake);
        } catch (RuntimeException e) {
            wake = null;
        }
        try {
            VertxUIServer.stopInstance();
        } catch (Exception e) {
            LOG.debug("DL4J UI server instance did not stop itself: {}", e.toString());
        }
        CompletableFuture<Void> closed = new CompletableFuture<>();
        vertx.close(ar -> closed.complete(null));
        try {
            closed.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("UI server did not stop cleanly: {}", e.toString());
        }
        if (wake != null) {
            wake.putStorageMetaData(new SbeStorageMetaData(System.currentTimeMillis(), "stop", "sentifuse-stop",
                    "stop", SbeStatsInitializationReport.class, SbeStatsReport.class));
        }
    }

    /**
     * DL4J's server makes an (unused) upload folder {@code DL4JUI_<start millis>} in the temp folder at every
     * start; removes the empty ones made while ours started, so a shared machine's /tmp does not fill up.
     */
    private static void removeUploadDirs(long fromMillis, long toMillis) {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        for (long t = fromMillis; t <= toMillis; t++) {
            Path dir = tmp.resolve("DL4JUI_" + t);
            try {
                Files.deleteIfExists(dir);
            } catch (IOException e) {
                // Not empty or not ours: leave it.
            }
        }
    }

    private static String validateHost(String host) {
        if (host == null || host.isBlank()) {
            throw new UserInputException("ui.host: empty; expected an address to bind, e.g. 127.0.0.1 (loopback) or 0.0.0.0 (all interfaces)");
        }
        try {
            InetAddress.getByName(host.strip());
            return host.strip();
        } catch (UnknownHostException e) {
            throw new UserInputException("ui.host: '" + host + "' does not resolve to an address of this machine", e);
        }
    }

    private static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }

    private static String address(String host, int port) {
        String h = host.contains(":") ? "[" + host + "]" : host;
        return "http://" + h + ":" + port;
    }

    /** The address the server is bound to, as given (e.g. {@code 127.0.0.1}). */
    public String host() {
        return lease.host;
    }

    /** The port it listens on (the real one when 0 was asked for). */
    public int port() {
        return lease.port;
    }

    /** Base URL, e.g. {@code http://127.0.0.1:9000}; a wildcard bind is shown with this machine's loopback. */
    public String baseUrl() {
        String h = lease.host.equals("0.0.0.0") || lease.host.equals("::") ? "127.0.0.1" : lease.host;
        return address(h, lease.port);
    }

    /** URL of the project's page with live curves and the runs list. */
    public String pageUrl() {
        return baseUrl() + SentifuseUiModule.PAGE;
    }

    /** The runs the project's page lists. */
    public RunCatalog catalog() {
        return RunCatalog.shared();
    }

    /** The sweeps the sweep board lists. */
    public SweepBoard sweeps() {
        return SweepBoard.shared();
    }

    /** URL of the sweep board. */
    public String sweepsUrl() {
        return baseUrl() + SentifuseUiModule.SWEEPS_PAGE;
    }

    /** Shows {@code storage} on the stock DL4J pages ({@code /train}, {@code /arbiter}) until detached. */
    public void attach(StatsStorage storage) {
        lease.server.attach(storage);
    }

    public void detach(StatsStorage storage) {
        lease.server.detach(storage);
    }

    /**
     * Opens a stored DL4J stats file, attaches it, and closes it when the server stops (a file that cannot be read
     * throws: a viewer leaves it as it is).
     */
    public FileStatsStorage attachFile(Path file) {
        return attachOwned(new FileStatsStorage(file.toFile()));
    }

    /**
     * Attaches a stats store this process writes (Arbiter's: {@code new ArbiterStatusListener(storage)} writes what
     * {@code /arbiter} shows) and closes it when the server stops.
     */
    FileStatsStorage attachOwned(FileStatsStorage storage) {
        synchronized (UiServer.class) {
            lease.owned.add(storage);
        }
        attach(storage);
        return storage;
    }

    /** Whether a sentifuse UI server runs in this process. */
    public static synchronized boolean isRunning() {
        return running != null;
    }

    /** Ends this lease; the last one stops the server and closes the stats files it opened. */
    @Override
    public void close() {
        synchronized (UiServer.class) {
            if (closed) {
                return;
            }
            closed = true;
            if (--lease.leases > 0) {
                return;
            }
            for (StatsStorage s : lease.owned) {
                try {
                    lease.server.detach(s);
                    s.close();
                } catch (Exception e) {
                    // Every write to these files is committed when made; at JVM exit MapDB's own hook may have
                    // closed them first. Nothing is lost either way.
                    LOG.debug("stats storage {} was already closed: {}", s, e.toString());
                }
            }
            shutDown(lease.vertx, lease.server);
            removeUploadDirs(lease.startedFrom, lease.startedTo);
            RunCatalog.shared().clear();
            SweepBoard.shared().clear();
            running = null;
            LOG.info("UI server at {} stopped", address(lease.host, lease.port));
        }
    }
}
