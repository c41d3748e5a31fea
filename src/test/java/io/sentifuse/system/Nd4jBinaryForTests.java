package io.sentifuse.system;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Gives the tests' JVM the ND4J binary {@code main} would choose (from the CPU, or {@value Nd4jBinaries#ENV}),
 * before JUnit discovers a single test class: some hold ND4J arrays in static fields, which would load the
 * generic build first. Registered in {@code META-INF/services/org.junit.platform.launcher.LauncherSessionListener};
 * a bad {@value Nd4jBinaries#ENV} fails the run with its message.
 */
public final class Nd4jBinaryForTests implements LauncherSessionListener {

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        Nd4jBinaries.configure();
    }
}
