package io.sentifuse.cli;

import io.sentifuse.system.SystemInfo;
import io.sentifuse.system.Versions;
import picocli.CommandLine;

/** {@code sentifuse --version}: our version, the DL4J stack's, and the backend in use. */
final class VersionProvider implements CommandLine.IVersionProvider {

    @Override
    public String[] getVersion() {
        return new String[] {
                "sentifuse " + Versions.sentifuse(),
                "Deeplearning4j / ND4J / SameDiff " + Versions.dl4j(),
                "backend " + SystemInfo.backendSummary(),
                "Java " + System.getProperty("java.version") + " on " + System.getProperty("os.name") + " "
                        + System.getProperty("os.arch")
        };
    }
}
