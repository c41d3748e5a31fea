package io.sentifuse.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sentifuse.errors.UserInputException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Collections;
import java.util.Optional;
import org.deeplearning4j.ui.VertxUIServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The UI server listens on loopback unless told otherwise, and says clearly when its port is taken. */
class UiServerBindingTest {

    @AfterEach
    void noServerLeft() {
        assertThat(UiServer.isRunning()).as("a test left the UI server running").isFalse();
    }

    @Test
    void loopbackServerIsNotReachableThroughTheMachinesNetworkAddress() throws Exception {
        InetAddress external = nonLoopbackAddress().orElse(null);
        assumeTrue(external != null, "this machine has no non-loopback IPv4 address to test against");
        try (UiServer server = UiServer.start("127.0.0.1", 0)) {
            int port = server.port();
            assertThat(port).isPositive();
            assertThat(server.baseUrl()).isEqualTo("http://127.0.0.1:" + port);
            assertThat(connects(InetAddress.getLoopbackAddress(), port)).as("reachable on 127.0.0.1").isTrue();
            assertThat(Http.get(server.pageUrl()).status()).isEqualTo(200);
            assertThatThrownBy(() -> connect(external, port)).as("reachable on " + external).isInstanceOf(ConnectException.class);
        }
    }

    @Test
    void wildcardHostIsReachableThroughTheNetworkAddress() throws Exception {
        // The counterpart of the loopback test: it proves that test would notice an exposed server.
        InetAddress external = nonLoopbackAddress().orElse(null);
        assumeTrue(external != null, "this machine has no non-loopback IPv4 address to test against");
        try (UiServer server = UiServer.start("0.0.0.0", 0)) {
            assertThat(connects(external, server.port())).isTrue();
            assertThat(server.baseUrl()).isEqualTo("http://127.0.0.1:" + server.port());
        }
    }

    @Test
    void portInUseIsAnErrorNamingThePort() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            assertThatThrownBy(() -> UiServer.start("127.0.0.1", port))
                    .isInstanceOf(UserInputException.class)
                    .hasMessage("ui.port: cannot listen on http://127.0.0.1:" + port
                            + ": the port is in use (choose another port with ui.port / --port, or 0 for a free one)");
        }
        // A failed start leaves nothing behind: the next start works.
        VertxUIServer stale = VertxUIServer.getInstance();
        assertThat(stale == null || stale.isStopped()).isTrue();
        try (UiServer server = UiServer.start("127.0.0.1", 0)) {
            assertThat(Http.get(server.pageUrl()).status()).isEqualTo(200);
        }
    }

    @Test
    void leasesShareOneServerAndTheLastCloseStopsIt() throws Exception {
        UiServer first = UiServer.start("127.0.0.1", 0);
        int port = first.port();
        try (UiServer second = UiServer.start("127.0.0.1", port)) {
            assertThat(second.port()).isEqualTo(port);
            assertThatThrownBy(() -> UiServer.start("127.0.0.1", port == 65535 ? port - 1 : port + 1))
                    .isInstanceOf(UserInputException.class)
                    .hasMessageContaining("a UI server already runs in this process at http://127.0.0.1:" + port);
            first.close();
            assertThat(Http.get(second.pageUrl()).status()).as("still served while a lease is held").isEqualTo(200);
        }
        assertThat(UiServer.isRunning()).isFalse();
        assertThat(connects(InetAddress.getLoopbackAddress(), port)).as("port released").isFalse();
        Thread.sleep(200);
        assertThat(Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .filter(n -> n.startsWith("vert.x-eventloop")).toList()).as("Vert.x event loops left running").isEmpty();
        long deadline = System.currentTimeMillis() + 5_000;
        while (dl4jEventRouters() > 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        assertThat(dl4jEventRouters()).as("DL4J UI event-routing threads left running").isZero();
    }

    /** Threads running DL4J's UI event router (it has no name of its own). */
    private static long dl4jEventRouters() {
        return Thread.getAllStackTraces().values().stream()
                .filter(stack -> java.util.Arrays.stream(stack)
                        .anyMatch(f -> f.getClassName().startsWith("org.deeplearning4j.ui.VertxUIServer$StatsEventRouter")))
                .count();
    }

    @Test
    void badHostsAndPortsAreRejectedWithTheSetting() {
        assertThatThrownBy(() -> UiServer.start("no-such-host.invalid", 0))
                .isInstanceOf(UserInputException.class)
                .hasMessage("ui.host: 'no-such-host.invalid' does not resolve to an address of this machine");
        assertThatThrownBy(() -> UiServer.start("127.0.0.1", 70000))
                .isInstanceOf(UserInputException.class)
                .hasMessage("ui.port: 70000 is not a TCP port (expected 0..65535; 0 picks a free port)");
    }

    private static Optional<InetAddress> nonLoopbackAddress() throws SocketException {
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nic.isUp() || nic.isLoopback()) {
                continue;
            }
            for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                if (a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress()) {
                    return Optional.of(a);
                }
            }
        }
        return Optional.empty();
    }

    private static void connect(InetAddress address, int port) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(address, port), 2000);
        }
    }

    private static boolean connects(InetAddress address, int port) {
        try {
            connect(address, port);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
