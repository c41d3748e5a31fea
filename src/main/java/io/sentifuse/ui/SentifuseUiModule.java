package io.sentifuse.ui;

import io.sentifuse.files.Json;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.deeplearning4j.core.storage.StatsStorage;
import org.deeplearning4j.core.storage.StatsStorageEvent;
import org.deeplearning4j.ui.api.HttpMethod;
import org.deeplearning4j.ui.api.Route;
import org.deeplearning4j.ui.api.UIModule;
import org.deeplearning4j.ui.i18n.I18NResource;

/**
 * The project's page on the DL4J UI server: live curves of loss, validation accuracy / weighted F1 /
 * macro F1, learning rates, update:parameter ratios and gradient norm, and the runs list. DL4J finds it by
 * service loading ({@code META-INF/services/org.deeplearning4j.ui.api.UIModule}) and adds its routes:
 * <ul>
 *   <li>{@value #PAGE}: the page ({@code ui/web/index.html} in the source tree);</li>
 *   <li>{@value #STATIC}{@code *}: its scripts and styles (classpath {@value #ASSET_ROOT});</li>
 *   <li>{@value #API_RUNS}: the runs list as JSON;</li>
 *   <li>{@value #API_RUN}{@code ?id=RUN[&max_points=N]}: one run's curves and epoch table as JSON;</li>
 *   <li>{@value #SWEEPS_PAGE}: the sweep board ({@code ui/web/sweeps.html}), fed by {@value #API_SWEEPS} (the
 *       sweeps) and {@value #API_SWEEP}{@code ?id=SWEEP} (one sweep's leaderboard and scores per head).</li>
 * </ul>
 */
public final class SentifuseUiModule implements UIModule {

    public static final String PAGE = "/sentifuse";
    public static final String STATIC = "/sentifuse/static/";
    public static final String API_RUNS = "/sentifuse/api/runs";
    public static final String API_RUN = "/sentifuse/api/run";
    /** The sweep board. */
    public static final String SWEEPS_PAGE = "/sentifuse/sweeps";
    public static final String API_SWEEPS = "/sentifuse/api/sweeps";
    public static final String API_SWEEP = "/sentifuse/api/sweep";
    static final String ASSET_ROOT = "sentifuse-ui/";

    private static final Pattern SAFE_ASSET = Pattern.compile("[A-Za-z0-9_-]+(/[A-Za-z0-9_-]+)*\\.[a-z0-9]+");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8", "js", "application/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8", "svg", "image/svg+xml", "png", "image/png", "json", "application/json");

    private final Map<String, byte[]> assets = new ConcurrentHashMap<>();

    @Override
    public List<String> getCallbackTypeIDs() {
        return List.of();
    }

    @Override
    public List<Route> getRoutes() {
        return List.of(
                new Route(PAGE, HttpMethod.GET, (args, rc) -> asset(rc, "index.html")),
                new Route(PAGE + "/", HttpMethod.GET, (args, rc) -> asset(rc, "index.html")),
                new Route(STATIC + "*", HttpMethod.GET,
                        (args, rc) -> asset(rc, rc.request().path().substring(STATIC.length()))),
                new Route(API_RUNS, HttpMethod.GET, (args, rc) -> json(rc, this::runs)),
                new Route(API_RUN, HttpMethod.GET, (args, rc) -> json(rc, () -> run(rc))),
                new Route(SWEEPS_PAGE, HttpMethod.GET, (args, rc) -> asset(rc, "sweeps.html")),
                new Route(API_SWEEPS, HttpMethod.GET, (args, rc) -> json(rc, () -> Optional.of(Map.of(
                        "server_time", System.currentTimeMillis(), "sweeps", SweepBoard.shared().summaries())))),
                new Route(API_SWEEP, HttpMethod.GET, (args, rc) -> json(rc, () -> rc.request().getParam("id") == null
                        ? Optional.empty() : SweepBoard.shared().detail(rc.request().getParam("id")).map(d -> d))));
    }

    private Optional<Object> runs() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("server_time", System.currentTimeMillis());
        m.put("runs", RunCatalog.shared().summaries());
        return Optional.of(m);
    }

    private Optional<Object> run(RoutingContext rc) {
        String id = rc.request().getParam("id");
        int maxPoints = RunHistory.DEFAULT_MAX_POINTS;
        String mp = rc.request().getParam("max_points");
        if (mp != null) {
            try {
                maxPoints = Math.max(10, Math.min(1_000_000, Integer.parseInt(mp)));
            } catch (NumberFormatException e) {
                maxPoints = RunHistory.DEFAULT_MAX_POINTS;
            }
        }
        return id == null ? Optional.empty() : RunCatalog.shared().detail(id, maxPoints).map(d -> d);
    }

    private interface Query {
        Optional<Object> get();
    }

    /** Answers off the event loop: stored runs are read from disk on demand. */
    private static void json(RoutingContext rc, Query query) {
        rc.vertx().<Optional<Object>>executeBlocking(p -> p.complete(query.get()), false, ar -> {
            if (ar.failed()) {
                rc.response().setStatusCode(500).putHeader("content-type", "text/plain; charset=utf-8")
                        .end("internal error: " + ar.cause());
            } else if (ar.result().isEmpty()) {
                rc.response().setStatusCode(404).putHeader("content-type", "application/json")
                        .end(Json.line(Map.of("error", "no run with id '" + rc.request().getParam("id") + "'")));
            } else {
                rc.response().putHeader("content-type", "application/json").putHeader("cache-control", "no-store")
                        .end(Json.line(ar.result().get()));
            }
        });
    }

    private void asset(RoutingContext rc, String name) {
        if (!SAFE_ASSET.matcher(name).matches()) {
            rc.response().setStatusCode(404).end();
            return;
        }
        byte[] bytes = assets.computeIfAbsent(name, SentifuseUiModule::load);
        if (bytes.length == 0) {
            rc.response().setStatusCode(404).end();
            return;
        }
        String ext = name.substring(name.lastIndexOf('.') + 1);
        rc.response().putHeader("content-type", TYPES.getOrDefault(ext, "application/octet-stream"))
                .end(Buffer.buffer(bytes));
    }

    private static byte[] load(String name) {
        try (InputStream in = SentifuseUiModule.class.getClassLoader().getResourceAsStream(ASSET_ROOT + name)) {
            return in == null ? new byte[0] : in.readAllBytes();
        } catch (IOException e) {
            return new byte[0];
        }
    }

    @Override
    public void reportStorageEvents(Collection<StatsStorageEvent> events) {
        // The page reads the run catalog, not DL4J stats storages.
    }

    @Override
    public void onAttach(StatsStorage statsStorage) {
        // Nothing to do: see reportStorageEvents.
    }

    @Override
    public void onDetach(StatsStorage statsStorage) {
        // Nothing to do: see reportStorageEvents.
    }

    @Override
    public List<I18NResource> getInternationalizationResources() {
        return List.of();
    }
}
