package io.sentifuse.repro;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The commit a run was made from and whether the working tree had uncommitted changes to tracked files.
 *
 * @param commit full hash, or "unknown" outside a git checkout
 * @param dirty  whether tracked files differ from the commit
 */
public record GitInfo(String commit, boolean dirty) {

    public static GitInfo of(Path dir) {
        String commit = run(dir, List.of("git", "rev-parse", "HEAD"));
        if (commit == null || commit.isBlank()) {
            return new GitInfo("unknown", false);
        }
        String status = run(dir, List.of("git", "status", "--porcelain", "--untracked-files=no"));
        return new GitInfo(commit.trim(), status != null && !status.isBlank());
    }

    private static String run(Path dir, List<String> command) {
        try {
            Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(false).start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                return null;
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
