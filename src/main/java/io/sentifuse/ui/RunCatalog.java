package io.sentifuse.ui;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runs the project's page lists: live runs of this process (fed by {@link UiSession}) and stored runs
 * found in watched folders (a runs folder, a run folder, or a sweep folder holding run folders one level
 * deeper). A run is known by its folder's path; its id on the page is that path relative to the watched
 * folder. Stored runs are re-read incrementally from the trainer's files when they change, so a run that
 * another process trains shows up and grows without a restart.
 *
 * <p>One catalog per process ({@link #shared()}): DL4J creates UI modules itself, by service loading, so the
 * module finds its data here.
 */
public final class RunCatalog {

    private static final Logger LOG = LoggerFactory.getLogger(RunCatalog.class);
    private static final RunCatalog SHARED = new RunCatalog();

    private final Map<Path, RunHistory> live = new ConcurrentHashMap<>();
    private final Set<Path> watched = new CopyOnWriteArraySet<>();
    /** Readers of recently shown stored runs; bounded, since each holds its run's curves in memory. */
    private final Map<Path, StoredRun> stored = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Path, StoredRun> eldest) {
            return size() > MAX_READERS;
        }
    };
    /** Runs-list lines of stored runs, valid while their files' stamp is unchanged. */
    private final Map<Path, Cached> summaries = new ConcurrentHashMap<>();

    private static final int MAX_READERS = 24;

    private record Cached(long stamp, Map<String, Object> summary) {
    }

    static RunCatalog shared() {
        return SHARED;
    }

    /** Lists the runs under {@code folder} too (a runs folder, a run folder, or a sweep folder). */
    public void watch(Path folder) {
        watched.add(folder.toAbsolutePath().normalize());
    }

    void addLive(Path runDir, RunHistory history) {
        live.put(runDir.toAbsolutePath().normalize(), history);
    }

    void removeLive(Path runDir) {
        Path key = runDir.toAbsolutePath().normalize();
        live.remove(key);
        synchronized (stored) {
            stored.remove(key);
        }
        summaries.remove(key);
    }

    /** Forgets everything (tests, and a server stopping its last lease). */
    void clear() {
        live.clear();
        watched.clear();
        synchronized (stored) {
            stored.clear();
        }
        summaries.clear();
    }

    private record Entry(String id, Path dir) {
    }

    /** Every run, newest update first: live ones, then stored ones not live. */
    public List<Map<String, Object>> summaries() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Entry e : entries()) {
            RunHistory live = this.live.get(e.dir());
            Map<String, Object> s;
            if (live != null) {
                s = live.summary(true);
            } else {
                long stamp = StoredRun.stamp(e.dir());
                Cached c = summaries.get(e.dir());
                if (c == null || c.stamp() != stamp) {
                    c = new Cached(stamp, storedRun(e).refresh().summary(false));
                    summaries.put(e.dir(), c);
                }
                s = new LinkedHashMap<>(c.summary());
            }
            s.put("id", e.id());
            s.put("dir", e.dir().toString());
            out.add(s);
        }
        out.sort(Comparator.comparing((Map<String, Object> m) -> (Long) m.get("updated_at")).reversed());
        return out;
    }

    /** The run page's data for {@code id}, or empty when no run has that id. */
    public Optional<Map<String, Object>> detail(String id, int maxPoints) {
        for (Entry e : entries()) {
            if (e.id().equals(id)) {
                RunHistory live = this.live.get(e.dir());
                RunHistory h = live != null ? live : storedRun(e).refresh();
                Map<String, Object> d = h.detail(live != null, maxPoints);
                d.put("id", e.id());
                d.put("dir", e.dir().toString());
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }

    /** The id the training page knows the run in {@code dir} by, when it lists it. */
    public Optional<String> idOf(Path dir) {
        Path key = dir.toAbsolutePath().normalize();
        return entries().stream().filter(e -> e.dir().equals(key)).map(Entry::id).findFirst();
    }

    private StoredRun storedRun(Entry e) {
        synchronized (stored) {
            return stored.computeIfAbsent(e.dir(), d -> new StoredRun(d, e.id()));
        }
    }

    private List<Entry> entries() {
        Map<Path, Entry> found = new LinkedHashMap<>();
        for (Path dir : live.keySet()) {
            found.put(dir, new Entry(idFor(dir), dir));
        }
        for (Path root : watched) {
            for (Path run : runsUnder(root)) {
                found.putIfAbsent(run, new Entry(run.equals(root) ? root.getFileName().toString()
                        : root.relativize(run).toString().replace('\\', '/'), run));
            }
        }
        return new ArrayList<>(found.values());
    }

    /** A live run's id: relative to a watched folder that holds it, else its folder name. */
    private String idFor(Path dir) {
        for (Path root : watched) {
            if (dir.startsWith(root) && !dir.equals(root)) {
                return root.relativize(dir).toString().replace('\\', '/');
            }
        }
        return dir.getFileName().toString();
    }

    /** Run folders at {@code root}, directly under it, or one level deeper (sweeps). */
    static List<Path> runsUnder(Path root) {
        if (StoredRun.isRun(root)) {
            return List.of(root);
        }
        List<Path> out = new ArrayList<>();
        for (Path child : subfolders(root)) {
            if (StoredRun.isRun(child)) {
                out.add(child);
            } else {
                subfolders(child).stream().filter(StoredRun::isRun).forEach(out::add);
            }
        }
        return out;
    }

    private static List<Path> subfolders(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            LOG.warn("cannot list {}: {}", dir, e.toString());
            return List.of();
        }
    }
}
