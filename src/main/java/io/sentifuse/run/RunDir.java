package io.sentifuse.run;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.FileAppender;
import io.sentifuse.config.ConfigWriter;
import io.sentifuse.config.ExperimentConfig;
import io.sentifuse.errors.UserInputException;
import io.sentifuse.files.AtomicFiles;
import io.sentifuse.files.Checksums;
import io.sentifuse.files.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * One run's folder, {@code <runs>/<UTC timestamp>-<name>/}: the resolved config ({@value #CONFIG_FILE}),
 * provenance ({@value #PROVENANCE_FILE}), the run's log ({@value #LOG_FILE}), and whatever later stages
 * write there (metrics, checkpoints, model bundle). Closing it detaches the log file.
 */
public final class RunDir implements AutoCloseable {

    public static final String CONFIG_FILE = "config.yaml";
    public static final String PROVENANCE_FILE = "provenance.json";
    public static final String LOG_FILE = "run.log";

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private final Path path;
    private final Map<String, Object> provenance;
    private final FileAppender<ILoggingEvent> logAppender;

    private RunDir(Path path, Map<String, Object> provenance) {
        this.path = path;
        this.provenance = provenance;
        this.logAppender = attachLog(path.resolve(LOG_FILE));
    }

    /**
     * Creates a new run folder for {@code config}, writes its resolved config and start-of-run provenance.
     *
     * @param command the command line that started the run, for provenance
     */
    public static RunDir create(ExperimentConfig config, List<String> command, Clock clock) {
        Path root = Path.of(config.output().runsDir());
        String base = STAMP.format(clock.instant()) + "-" + safeName(config.name());
        Path dir = root.resolve(base);
        try {
            Files.createDirectories(root);
            // createDirectory is the atomic test: two runs started in the same second get distinct folders
            for (int i = 2; ; i++) {
                try {
                    Files.createDirectory(dir);
                    break;
                } catch (FileAlreadyExistsException taken) {
                    dir = root.resolve(base + "-" + i);
                }
            }
        } catch (IOException e) {
            throw new UserInputException("cannot create run folder under " + root + ": " + e.getMessage(), e);
        }
        Map<String, Object> prov = Provenance.atStart(config.seed(), command, Path.of("").toAbsolutePath());
        prov.put("config_sha256", Checksums.sha256(ConfigWriter.toYaml(config).getBytes(StandardCharsets.UTF_8)));
        RunDir run = new RunDir(dir, prov);
        AtomicFiles.writeString(dir.resolve(CONFIG_FILE), ConfigWriter.toYaml(config));
        run.saveProvenance();
        return run;
    }

    /** Opens an existing run folder (to resume it); provenance gains a {@code resumed_at} entry. */
    @SuppressWarnings("unchecked")
    public static RunDir open(Path dir) {
        Path prov = dir.resolve(PROVENANCE_FILE);
        if (!Files.isRegularFile(prov) || !Files.isRegularFile(dir.resolve(CONFIG_FILE))) {
            throw new UserInputException(dir + " is not a run folder: it lacks " + CONFIG_FILE + " or " + PROVENANCE_FILE);
        }
        Map<String, Object> map = new LinkedHashMap<>(Json.read(prov, Map.class));
        List<Object> resumes = new ArrayList<>((List<Object>) map.getOrDefault("resumed_at", List.of()));
        resumes.add(Instant.now().toString());
        map.put("resumed_at", resumes);
        RunDir run = new RunDir(dir, map);
        run.saveProvenance();
        return run;
    }

    public Path path() {
        return path;
    }

    public Path file(String name) {
        return path.resolve(name);
    }

    /** Adds or replaces one provenance section and rewrites {@value #PROVENANCE_FILE} at once. */
    public synchronized void recordProvenance(String section, Object value) {
        provenance.put(section, value);
        saveProvenance();
    }

    public synchronized Map<String, Object> provenance() {
        return Map.copyOf(provenance);
    }

    private void saveProvenance() {
        Json.write(path.resolve(PROVENANCE_FILE), provenance);
    }

    private static String safeName(String name) {
        String cleaned = name.replaceAll("[^A-Za-z0-9._-]+", "-").replaceAll("^-+|-+$", "");
        return cleaned.isEmpty() ? "run" : cleaned;
    }

    private static FileAppender<ILoggingEvent> attachLog(Path file) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return null;
        }
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX,UTC} %-5level %logger{24} - %msg%n");
        encoder.start();
        FileAppender<ILoggingEvent> appender = new FileAppender<>();
        appender.setContext(context);
        appender.setName("run-log-" + file);
        appender.setFile(file.toString());
        appender.setAppend(true);
        appender.setEncoder(encoder);
        appender.start();
        context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(appender);
        return appender;
    }

    @Override
    public void close() {
        if (logAppender != null && LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            context.getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(logAppender);
            logAppender.stop();
        }
    }

    /** Lists run folders under {@code runsDir}, oldest first. */
    public static List<Path> list(Path runsDir) {
        if (!Files.isDirectory(runsDir)) {
            return List.of();
        }
        try (var stream = Files.list(runsDir)) {
            return stream.filter(p -> Files.isRegularFile(p.resolve(CONFIG_FILE))).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + runsDir, e);
        }
    }
}
