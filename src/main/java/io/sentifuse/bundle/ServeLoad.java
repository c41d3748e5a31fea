package io.sentifuse.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import io.sentifuse.files.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Load on a running {@link PredictionServer} for {@code bench predict}: {@code POST /predict} requests (JSON with the
 * image in base64, one of the forms the server accepts) sent by a fixed number of client threads, each sending its
 * share one after the other, timed as the client sees them. Every answer must be a 200 with a label: anything else
 * stops the measurement with an error naming the request.
 */
final class ServeLoad {

    /** What one request carries: the pair's id (for errors) and its JSON body. */
    record Body(String id, byte[] json) {
    }

    private static final String PATH = "/predict";
    private static final String JSON_TYPE = "application/json";
    private static final Duration TIMEOUT = Duration.ofSeconds(180);
    private static final int ERROR_CHARS = 300;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final URI uri;
    private final List<Body> bodies;

    /** Requests go to {@code host:port}; request {@code i} carries {@code bodies[i % size]}. */
    ServeLoad(String host, int port, List<Body> bodies) {
        if (bodies.isEmpty()) {
            throw new IllegalArgumentException("no pairs to send");
        }
        this.uri = URI.create("http://" + host + ":" + port + PATH);
        this.bodies = List.copyOf(bodies);
    }

    /** Sends {@code requests} requests from {@code concurrency} threads and returns their latencies and rate. */
    PredictBenchResult.Serve run(int requests, int concurrency) {
        long[] nanos = new long[requests];
        ExecutorService pool = Executors.newFixedThreadPool(concurrency, r -> {
            Thread t = new Thread(r, "bench-client");
            t.setDaemon(true);
            return t;
        });
        try {
            long start = System.nanoTime();
            List<Future<?>> workers = new ArrayList<>(concurrency);
            for (int w = 0; w < concurrency; w++) {
                int first = w;
                workers.add(pool.submit(() -> {
                    for (int i = first; i < requests; i += concurrency) {
                        nanos[i] = send(i, concurrency);
                    }
                    return null;
                }));
            }
            for (Future<?> f : workers) {
                await(f);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            return new PredictBenchResult.Serve(concurrency, requests, Math.round(seconds * 1000) / 1000.0,
                    Math.round(requests / seconds * 10) / 10.0, PredictBenchResult.Latency.of(nanos));
        } finally {
            pool.shutdownNow();
        }
    }

    /** Sends request {@code i} and returns its latency in nanoseconds. */
    private long send(int i, int concurrency) {
        Body body = bodies.get(i % bodies.size());
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(TIMEOUT).header("Content-Type", JSON_TYPE)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.json())).build();
        String what = "POST " + PATH + " request " + (i + 1) + " (pair " + body.id() + ", concurrency " + concurrency
                + ")";
        long start = System.nanoTime();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(what + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(what + " was interrupted", e);
        }
        long nanos = System.nanoTime() - start;
        String label = label(response.body());
        if (response.statusCode() != 200 || label == null || label.isBlank()) {
            String answer = response.body() == null ? "" : response.body().strip();
            throw new IllegalStateException(what + " answered " + response.statusCode() + " without a label: "
                    + (answer.length() > ERROR_CHARS ? answer.substring(0, ERROR_CHARS) + "..." : answer));
        }
        return nanos;
    }

    private static String label(String body) {
        try {
            JsonNode json = Json.mapper().readTree(body);
            return json != null && json.hasNonNull("label") ? json.get("label").asText() : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static void await(Future<?> f) {
        try {
            f.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException("a benchmark client failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the benchmark clients", e);
        }
    }
}
