package io.sentifuse.encoder.tfjs;

import com.fasterxml.jackson.databind.JsonNode;
import io.sentifuse.errors.UserInputException;
import io.sentifuse.files.AtomicFiles;
import io.sentifuse.files.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An npm package tarball pinned by name, version and Subresource-Integrity hash ({@code sha512-<base64>}, as in
 * {@code package-lock.json} and {@code npm pack --json}). {@link #fetch} returns the verified tarball from a
 * folder, running {@code npm pack} there on first use; a tarball whose hash differs is never used.
 *
 * @param name      package name
 * @param version   exact version
 * @param integrity expected {@code sha512-...} of the tarball
 */
public record NpmTarball(String name, String version, String integrity) {

    private static final Logger LOG = LoggerFactory.getLogger(NpmTarball.class);
    private static final long NPM_TIMEOUT_MINUTES = 10;

    /** nsfwjs 4.4.0 (MIT): the pretrained MobileNetV2 and InceptionV3 TF.js layers models. */
    public static final NpmTarball NSFWJS = new NpmTarball("nsfwjs", "4.4.0",
            "sha512-krC1fgeTLXtZwgdpKJ0jm7hqv0gTSRQQRL+FhOaxaJ9Wj92t42BO3csO2odwgTAgZgf2RvkwPtp0R8Aa7dc+MA==");

    /**
     * @vladmandic/human 3.3.6 (MIT): pretrained TF.js graph models, among them the BlazeFace detector and the
     * FER2013 emotion classifier used for face features.
     */
    public static final NpmTarball HUMAN = new NpmTarball("@vladmandic/human", "3.3.6",
            "sha512-Nr5mPfq1gQ+uKeXY5uM3Fj8UxvF5CEh2s6txM5wRThqaW0mF9huooOuZSrT8hhGho0hGaXLFdAwfD/2+teCv6A==");

    /** {@code nsfwjs-4.4.0.tgz}: npm's own file name (scoped packages: {@code scope-name-version.tgz}). */
    public String fileName() {
        return name.replace("@", "").replace('/', '-') + "-" + version + ".tgz";
    }

    /** The verified tarball in {@code dir}, fetched with {@code npm pack} when absent. */
    public Path fetch(Path dir) {
        return fetch(dir, "npm");
    }

    /** As {@link #fetch(Path)} with the npm executable given (tests use stand-ins). */
    Path fetch(Path dir, String npm) {
        Path file = dir.resolve(fileName());
        if (Files.isRegularFile(file)) {
            String actual = integrityOf(file);
            if (actual.equals(integrity)) {
                return file;
            }
            LOG.warn("{} has integrity {} instead of {}; fetching it again", file, actual, integrity);
        }
        Path tmp;
        try {
            Files.createDirectories(dir);
            tmp = Files.createTempDirectory(dir, ".npm-pack-");
        } catch (IOException e) {
            throw new UserInputException("cannot create the cache folder " + dir + ": " + e.getMessage(), e);
        }
        try {
            Path packed = npmPack(npm, tmp, file);
            String actual = integrityOf(packed);
            if (!actual.equals(integrity)) {
                throw new UserInputException("npm pack " + spec() + " returned a tarball with integrity " + actual
                        + ", expected " + integrity + " (registry mirror or package changed?)");
            }
            Files.move(packed, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            LOG.info("fetched {} ({} bytes) into {}", spec(), Files.size(file), file);
            return file;
        } catch (IOException e) {
            throw new UserInputException("cannot store " + fileName() + " in " + dir + ": " + e.getMessage(), e);
        } finally {
            try {
                AtomicFiles.deleteTree(tmp);
            } catch (java.io.UncheckedIOException e) {
                LOG.debug("could not remove {}: {}", tmp, e.toString());
            }
        }
    }

    private String spec() {
        return name + "@" + version;
    }

    private Path npmPack(String npm, Path workDir, Path target) {
        // absolute: npm runs inside workDir, so a relative destination would be resolved twice
        List<String> command = List.of(npm, "pack", spec(), "--json", "--pack-destination",
                workDir.toAbsolutePath().toString());
        LOG.info("running {} (first use; downloads {})", String.join(" ", command), spec());
        Process p;
        try {
            // both streams to files: reading a pipe before waitFor would make the timeout unreachable
            p = new ProcessBuilder(command).directory(workDir.toFile())
                    .redirectOutput(workDir.resolve("npm-stdout.txt").toFile())
                    .redirectError(workDir.resolve("npm-stderr.txt").toFile()).start();
        } catch (IOException e) {
            throw new UserInputException("npm is not available (" + e.getMessage() + "). " + manualStep(target), e);
        }
        try {
            if (!p.waitFor(NPM_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new UserInputException("npm pack " + spec() + " did not finish within " + NPM_TIMEOUT_MINUTES
                        + " minutes. " + manualStep(target));
            }
            if (p.exitValue() != 0) {
                throw new UserInputException("npm pack " + spec() + " failed (exit " + p.exitValue() + "): "
                        + tail(workDir.resolve("npm-stderr.txt")) + ". " + manualStep(target));
            }
            JsonNode report = Json.mapper().readTree(Files.readString(workDir.resolve("npm-stdout.txt")));
            String reported = report.path(0).path("integrity").asText();
            if (!reported.isEmpty() && !reported.equals(integrity)) {
                throw new UserInputException("npm reports integrity " + reported + " for " + spec() + ", expected "
                        + integrity);
            }
            Path packed = workDir.resolve(report.path(0).path("filename").asText(fileName()));
            if (!Files.isRegularFile(packed)) {
                throw new UserInputException("npm pack " + spec() + " did not write " + packed + ". " + manualStep(target));
            }
            return packed;
        } catch (IOException e) {
            throw new UserInputException("cannot read the output of npm pack " + spec() + ": " + e.getMessage() + ". "
                    + manualStep(target), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IllegalStateException("interrupted while running npm pack " + spec(), e);
        }
    }

    /** The manual alternative, for machines without npm or network. */
    public String manualStep(Path target) {
        return "To provide the file by hand, run `npm pack " + spec() + "` on a machine with npm and network access "
                + "and copy the resulting " + fileName() + " to " + target + " (its integrity must be " + integrity + ")";
    }

    /** {@code sha512-<base64>} of {@code file}. */
    public static String integrityOf(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest d = MessageDigest.getInstance("SHA-512");
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) {
                d.update(buf, 0, n);
            }
            return "sha512-" + Base64.getEncoder().encodeToString(d.digest());
        } catch (IOException e) {
            throw new UserInputException("cannot read " + file + ": " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-512", e);
        }
    }

    private static String tail(Path file) {
        try {
            String s = Files.readString(file).strip();
            return s.length() > 600 ? "..." + s.substring(s.length() - 600) : s;
        } catch (IOException e) {
            return "(no error output)";
        }
    }
}
