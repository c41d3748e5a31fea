package io.sentifuse.encoder.tfjs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sentifuse.errors.UserInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpmTarballTest {

    @TempDir
    Path dir;

    /** A stand-in for npm: a shell script with the given body. */
    private Path fakeNpm(String body) throws Exception {
        Path script = dir.resolve("fake-npm");
        Files.writeString(script, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }

    /** A package whose pinned integrity is that of {@code content}. */
    private NpmTarball pinnedTo(String content) throws Exception {
        Path probe = dir.resolve("probe");
        Files.writeString(probe, content);
        String integrity = NpmTarball.integrityOf(probe);
        Files.delete(probe);
        return new NpmTarball("demo", "1.2.3", integrity);
    }

    @Test
    void integrityIsSha512Base64AsNpmWritesIt() throws Exception {
        Path f = dir.resolve("abc");
        Files.writeString(f, "abc");
        assertThat(NpmTarball.integrityOf(f)).isEqualTo("sha512-3a81oZNherrMQXNJriBBMRLm+k6JqX6iCp7u5ktV05ohkpkqJ0/"
                + "BqDa6PCOj/uu9RU1EI2Q86A4qmslPpUyknw==");
    }

    @Test
    void cachedTarballWithTheRightIntegrityIsUsedWithoutNpm() throws Exception {
        NpmTarball pkg = pinnedTo("tarball bytes");
        Path cache = dir.resolve("npm");
        Files.createDirectories(cache);
        Files.writeString(cache.resolve("demo-1.2.3.tgz"), "tarball bytes");
        assertThat(pkg.fetch(cache, "/nonexistent/npm")).isEqualTo(cache.resolve("demo-1.2.3.tgz"));
    }

    @Test
    void missingNpmSaysWhichManualStepProvidesTheFile() throws Exception {
        NpmTarball pkg = pinnedTo("x");
        Path cache = dir.resolve("npm");
        assertThatThrownBy(() -> pkg.fetch(cache, "/nonexistent/npm"))
                .isInstanceOf(UserInputException.class)
                .hasMessageStartingWith("npm is not available (")
                .hasMessageEndingWith("To provide the file by hand, run `npm pack demo@1.2.3` on a machine with npm "
                        + "and network access and copy the resulting demo-1.2.3.tgz to " + cache.resolve("demo-1.2.3.tgz")
                        + " (its integrity must be " + pkg.integrity() + ")");
    }

    @Test
    void npmFailureQuotesItsErrorOutput() throws Exception {
        NpmTarball pkg = pinnedTo("x");
        Path npm = fakeNpm("echo 'npm error code ENOTFOUND registry.npmjs.org' >&2; exit 1");
        assertThatThrownBy(() -> pkg.fetch(dir.resolve("npm"), npm.toString()))
                .isInstanceOf(UserInputException.class)
                .hasMessageStartingWith("npm pack demo@1.2.3 failed (exit 1): npm error code ENOTFOUND "
                        + "registry.npmjs.org. To provide the file by hand");
    }

    @Test
    void tarballWithAnotherIntegrityIsRefusedAndNotKept() throws Exception {
        NpmTarball pkg = pinnedTo("the real package");
        // Writes a different file where npm would, and reports it the way `npm pack --json` does.
        Path npm = fakeNpm("printf 'tampered' > \"$5/demo-1.2.3.tgz\"; echo '[{\"filename\":\"demo-1.2.3.tgz\"}]'");
        Path cache = dir.resolve("npm");
        assertThatThrownBy(() -> pkg.fetch(cache, npm.toString()))
                .isInstanceOf(UserInputException.class)
                .hasMessageStartingWith("npm pack demo@1.2.3 returned a tarball with integrity sha512-")
                .hasMessageEndingWith(", expected " + pkg.integrity() + " (registry mirror or package changed?)");
        assertThat(cache.resolve("demo-1.2.3.tgz")).doesNotExist();
    }

    @Test
    void fetchedTarballIsVerifiedAndMovedIntoPlace() throws Exception {
        NpmTarball pkg = pinnedTo("the real package");
        Path npm = fakeNpm("printf 'the real package' > \"$5/demo-1.2.3.tgz\"; "
                + "echo '[{\"filename\":\"demo-1.2.3.tgz\",\"integrity\":\"" + pkg.integrity() + "\"}]'");
        Path cache = dir.resolve("npm");
        Path got = pkg.fetch(cache, npm.toString());
        assertThat(got).hasContent("the real package");
        try (var files = Files.list(cache)) {
            assertThat(files).containsExactly(got);
        }
    }
}
