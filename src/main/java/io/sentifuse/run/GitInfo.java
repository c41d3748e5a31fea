package io.sentifuse.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The commit a run was made from and whether the working tree had uncommitted changes to tracked files.
 *
 * @param commit full hash, or "unknown" outside a git checkout
 * @param dirty  whether tracked files differ from the commit
 */
public record GitInfo(String commit, boolean dirty) {

    private static final int TIMEOUT_SECONDS = 10;

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
            Process p = new ProcessBuilder(command).directory(dir.toFile())
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            p.getOutputStream().close();
            // read on another thread so that a hung git cannot block us past the timeout
            CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> {
                try {
                    return p.getInputStream().readAllBytes();
                } catch (IOException e) {
                    return new byte[0];
                }
            });
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return null;
            }
            return p.exitValue() == 0 ? new String(out.get(TIMEOUT_SECONDS, TimeUnit.SECONDS), StandardCharsets.UTF_8)
                    : null;
        } catch (IOException | ExecutionException | TimeoutException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
