package io.sentifuse.run;

import io.sentifuse.system.SystemInfo;
import io.sentifuse.system.Versions;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a run's numbers came from: code (git commit, versions), machine (backend, BLAS, CPU), inputs
 * (seed, config, and, as later stages add them, dataset and split checksums and import verification
 * figures). Stored as {@code provenance.json} in the run folder; sections are added with
 * {@link RunDir#recordProvenance(String, Object)}.
 */
public final class Provenance {

    private Provenance() {
    }

    /** The sections known when a run starts. */
    public static Map<String, Object> atStart(long seed, List<String> command, Path workingDir) {
        Map<String, Object> out = new LinkedHashMap<>();
        GitInfo git = GitInfo.of(workingDir);
        out.put("started_at", Instant.now().toString());
        out.put("command", command);
        out.put("seed", seed);
        out.put("git", Map.of("commit", git.commit(), "dirty", git.dirty()));
        out.put("sentifuse_version", Versions.sentifuse());
        out.put("dl4j_version", Versions.dl4j());
        out.put("system", SystemInfo.collect().summary());
        return out;
    }
}
