package io.sentifuse.encoder;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When the nsfwjs tests may skip: only for a missing npm or an unreachable registry, named in the message. */
class NsfwjsTarballTest {

    @TempDir
    Path dir;

    /** A stand-in for npm: a shell script with the given body. */
    private Path fakeNpm(String body) throws Exception {
        Path script = dir.resolve("fake-npm");
        Files.writeString(script, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }

    @Test
    void npmMissingFromThePathIsNamed() {
        String npm = dir.resolve("no-npm-here").toString();
        assertThat(NsfwjsTarball.unavailable(npm)).startsWith(npm + " is not on the PATH (Cannot run program \"" + npm)
                .endsWith("); it fetches nsfwjs@4.4.0");
    }

    @Test
    void unreachableRegistryIsNamedWithNpmsReason() throws Exception {
        // What npm 11 prints (first lines, then a stack trace) when the registry refuses the connection.
        Path npm = fakeNpm("""
                cat >&2 <<'EOF'
                npm error code ECONNREFUSED
                npm error syscall connect
                npm error FetchError: request to http://127.0.0.1:9/nsfwjs failed, reason: connect ECONNREFUSED 127.0.0.1:9
                npm error     at ClientRequest.<anonymous> (minipass-fetch/lib/index.js:130:14)
                EOF
                exit 1""");
        assertThat(NsfwjsTarball.unavailable(npm.toString())).isEqualTo("the npm registry cannot be reached or lacks "
                + "nsfwjs@4.4.0 (`" + npm + " view` exit 1: npm error code ECONNREFUSED / npm error FetchError: request"
                + " to http://127.0.0.1:9/nsfwjs failed, reason: connect ECONNREFUSED 127.0.0.1:9)");
    }

    @Test
    void npmThatAnswersMeansNoSkip() throws Exception {
        Path npm = fakeNpm("[ \"$1 $2 $3\" = 'view nsfwjs@4.4.0 dist.integrity' ] || exit 3; echo sha512-x");
        assertThat(NsfwjsTarball.unavailable(npm.toString())).isNull();
    }
}
