package io.sentifuse.reproduce;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

/**
 * What to reproduce.
 *
 * @param seeds         seeds per model and protocol (0 .. seeds - 1)
 * @param protocols     {@code paper} and/or {@code standard}
 * @param heads         the models (fusion heads) of the table
 * @param sets          {@code key=value} overrides for every run (e.g. {@code data.path=DIR})
 * @param out           where table.csv, table.md and table.png go
 * @param runsDir       the folder of the reproduction's runs (reused across calls), or null for
 *                      {@code <output.runs_dir>/reproduce/paper}
 * @param ensemble      the models whose per-seed runs the ensemble row averages (empty: no such row)
 * @param finetune      add the row of {@code ote} fine-tuned end to end (hours on a CPU)
 * @param finetuneSeeds seeds of that row
 * @param finishedOnly  build the table from the runs that have finished, training and resuming nothing (rows
 *                      average the seeds they have)
 * @param command       the command line, for table.md
 * @param progress      where one line per run goes
 */
public record ReproduceRequest(int seeds, List<String> protocols, List<String> heads, List<String> ensemble,
                               List<String> sets, Path out, Path runsDir, boolean finetune, int finetuneSeeds, boolean finishedOnly, List<String> command,
                               PrintWriter progress) {

    public ReproduceRequest {
        protocols = List.copyOf(protocols);
        heads = List.copyOf(heads);
        ensemble = List.copyOf(ensemble);
        sets = List.copyOf(sets);
        command = List.copyOf(command);
    }
}
