package io.sentifuse.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.sentifuse.errors.UserInputException;
import io.sentifuse.files.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code sentifuse serve}: a model bundle behind an HTTP JSON API (the JDK's HTTP server), loopback by default.
 * <ul>
 *   <li>{@code POST /predict}: one pair, as {@code multipart/form-data} (fields {@code text}, {@code image}) or as
 *       JSON {@code {"text": "...", "image": "<base64 bytes>"}}; answers a {@link Prediction};</li>
 *   <li>{@code GET /health}: liveness; {@code GET /model}: the bundle's manifest;</li>
 *   <li>{@code GET /}: the prediction explorer page (and its assets under {@code /static/}).</li>
 * </ul>
 * Bad requests get a 4xx with a JSON error naming the field (no text, an undecodable image, a body over the size
 * limit: 413), never a 5xx. Concurrent requests are batched ({@link RequestBatcher}). {@link #close()} (the
 * command's shutdown hook, e.g. on SIGTERM) stops accepting, answers what is queued, then stops.
 */
public final class PredictionServer implements AutoCloseable {

    /** At most this much of a refused body is read (and dropped) so that the client receives the 413. */
    static final long DRAIN_LIMIT = 64L << 20;

    /** Request bodies above this are refused with 413 unless configured otherwise. */
    public static final long DEFAULT_MAX_BODY = 10L * 1024 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(PredictionServer.class);
    private static final long TIMEOUT_SECONDS = 120;

    private final Predictor predictor;
    private final RequestBatcher batcher;
    private final HttpServer server;
    private final ExecutorService executor;
    private final long maxBody;
    private final long started = System.currentTimeMillis();
    private final AtomicLong served = new AtomicLong();
    private final AtomicLong counter = new AtomicLong();
    private final Path uploads;

    private PredictionServer(Predictor predictor, HttpServer server, ExecutorService executor, long maxBody,
                             Path uploads) {
        this.predictor = predictor;
        this.batcher = new RequestBatcher(predictor);
        this.server = server;
        this.executor = executor;
        this.maxBody = maxBody;
        this.uploads = uploads;
    }

    /**
     * Serves {@code predictor} on {@code host:port} (0 picks a free port).
     *
     * @throws UserInputException when the address cannot be bound
     */
    public static PredictionServer start(Predictor predictor, String host, int port, long maxBody) {
        HttpServer http;
        try {
            http = HttpServer.create(new InetSocketAddress(host, port), 64);
        } catch (BindException e) {
            throw new UserInputException("cannot serve on " + host + ":" + port + ": " + e.getMessage()
                    + " (is another server using the port? choose one with --port)", e);
        } catch (IOException e) {
            throw new UserInputException("cannot serve on " + host + ":" + port + ": " + e.getMessage(), e);
        }
        Path uploads;
        try {
            uploads = Files.createTempDirectory("sentifuse-serve");
        } catch (IOException e) {
            throw new UserInputException("cannot create a folder for uploaded images: " + e.getMessage(), e);
        }
        ExecutorService executor = Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, "sentifuse-http");
            t.setDaemon(true);
            return t;
        });
        http.setExecutor(executor);
        PredictionServer s = new PredictionServer(predictor, http, executor, maxBody, uploads);
        http.createContext("/predict", s::predict);
        http.createContext("/health", ex -> s.json(ex, 200, s.health()));
        http.createContext("/model", ex -> s.json(ex, 200, predictor.manifest()));
        http.createContext("/", s::page);
        http.start();
        LOG.info("serving {} on http://{}:{}/", predictor.manifest().head(), host, http.getAddress().getPort());
        return s;
    }

    /** The port actually bound. */
    public int port() {
        return server.getAddress().getPort();
    }

    private Map<String, Object> health() {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("status", "ok");
        h.put("head", predictor.manifest().head());
        h.put("model_sha256", predictor.sha256());
        h.put("served", served.get());
        h.put("uptime_seconds", (System.currentTimeMillis() - started) / 1000);
        return h;
    }

    private void predict(HttpExchange ex) throws IOException {
        try (ex) {
            if (!"POST".equals(ex.getRequestMethod())) {
                error(ex, 405, "POST a pair to /predict", null);
                return;
            }
            byte[] body = readBody(ex);
            if (body == null) {
                return;
            }
            String type = String.valueOf(ex.getRequestHeaders().getFirst("Content-Type"));
            String text;
            byte[] image;
            if (type.startsWith("multipart/form-data")) {
                Map<String, byte[]> form;
                try {
                    form = MultipartForm.parse(type, body);
                } catch (IllegalArgumentException e) {
                    error(ex, 400, "the multipart body cannot be read: " + e.getMessage(), null);
                    return;
                }
                text = form.containsKey("text") ? new String(form.get("text"), StandardCharsets.UTF_8) : null;
                image = form.get("image");
            } else {
                JsonNode json;
                try {
                    json = Json.mapper().readTree(body);
                } catch (IOException e) {
                    error(ex, 400, "the body is neither multipart/form-data nor JSON: " + e.getMessage(), null);
                    return;
                }
                text = json != null && json.hasNonNull("text") ? json.get("text").asText() : null;
                try {
                    image = json != null && json.hasNonNull("image") ? Base64.getDecoder().decode(json.get("image").asText())
                            : null;
                } catch (IllegalArgumentException e) {
                    error(ex, 400, "'image' must be the image file's bytes in base64: " + e.getMessage(), "image");
                    return;
                }
            }
            if (text == null || text.isBlank()) {
                error(ex, 400, "'text' is missing or empty: give the pair's text", "text");
                return;
            }
            if (predictor.readsImages() && (image == null || image.length == 0)) {
                error(ex, 400, "'image' is missing: give the pair's image (a JPEG or PNG file)", "image");
                return;
            }
            answer(ex, text, image);
        }
    }

    private void answer(HttpExchange ex, String text, byte[] image) throws IOException {
        String id = "request-" + counter.incrementAndGet();
        Path file = uploads.resolve(id + ".img");
        try {
            if (image != null) {
                Files.write(file, image);
            }
            RequestBatcher.Outcome o = batcher.submit(id, text, file).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (o.problem() != null) {
                error(ex, 400, "'image' cannot be decoded: " + o.problem().problem(), "image");
            } else {
                served.incrementAndGet();
                json(ex, 200, o.prediction());
            }
        } catch (ExecutionException e) {
            LOG.warn("prediction failed: {}", e.getCause().toString());
            error(ex, 500, "the prediction failed: " + e.getCause(), null);
        } catch (TimeoutException e) {
            error(ex, 503, "the server is overloaded: no answer within " + TIMEOUT_SECONDS + " s", null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            error(ex, 503, "the server is shutting down", null);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** The body, or null after answering 413 when it is larger than the limit. */
    private byte[] readBody(HttpExchange ex) throws IOException {
        String length = ex.getRequestHeaders().getFirst("Content-Length");
        if (length != null) {
            try {
                if (Long.parseLong(length.trim()) > maxBody) {
                    drain(ex.getRequestBody());
                    error(ex, 413, "the request body (" + length.trim() + " bytes) is over the limit of " + maxBody
                            + " bytes", null);
                    return null;
                }
            } catch (NumberFormatException ignored) {
                // read it and count
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = ex.getRequestBody()) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                out.write(buffer, 0, n);
                if (out.size() > maxBody) {
                    drain(in);
                    error(ex, 413, "the request body is over the limit of " + maxBody + " bytes", null);
                    return null;
                }
            }
        }
        return out.toByteArray();
    }

    /**
     * Reads and drops what is left of a refused body (up to {@link #DRAIN_LIMIT} bytes) before the 413 goes out: a
     * server that answers and closes while the client is still sending makes many clients lose the answer (the
     * socket is reset under them), and the caller would see a broken connection instead of the error it caused.
     */
    private static void drain(InputStream in) throws IOException {
        byte[] buffer = new byte[1 << 16];
        long left = DRAIN_LIMIT;
        int n;
        while (left > 0 && (n = in.read(buffer, 0, (int) Math.min(buffer.length, left))) > 0) {
            left -= n;
        }
    }

    private void page(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            String name = path.equals("/") || path.equals("/explorer") ? "explorer.html"
                    : path.startsWith("/static/") ? path.substring("/static/".length()) : null;
            byte[] bytes = name == null || !name.matches("[A-Za-z0-9_-]+\\.[a-z0-9]+") ? null : asset(name);
            if (bytes == null) {
                error(ex, 404, "no page " + path + "; the API is POST /predict, GET /health, GET /model", null);
                return;
            }
            String ext = name.substring(name.lastIndexOf('.') + 1);
            ex.getResponseHeaders().set("Content-Type", switch (ext) {
                case "html" -> "text/html; charset=utf-8";
                case "js" -> "application/javascript; charset=utf-8";
                case "css" -> "text/css; charset=utf-8";
                default -> "application/octet-stream";
            });
            ex.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private static byte[] asset(String name) {
        try (InputStream in = PredictionServer.class.getClassLoader().getResourceAsStream("sentifuse-ui/" + name)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            return null;
        }
    }

    private void error(HttpExchange ex, int status, String message, String field) throws IOException {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("error", message);
        e.put("field", field);
        e.put("status", status);
        json(ex, status, e);
    }

    private void json(HttpExchange ex, int status, Object value) throws IOException {
        byte[] bytes = Json.line(value).getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** Stops accepting requests, answers those in flight and queued, then stops. */
    @Override
    public void close() {
        server.stop(2);
        batcher.close();
        executor.shutdown();
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        io.sentifuse.files.AtomicFiles.deleteTree(uploads);
        LOG.info("server stopped after {} predictions", served.get());
    }
}
