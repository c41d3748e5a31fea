package io.sentifuse.system;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** Versions of sentifuse and of the DL4J stack actually on the class path. */
public final class Versions {

    private Versions() {
    }

    /** sentifuse's own version, filtered in at build time. */
    public static String sentifuse() {
        return property("/io/sentifuse/version.properties", "version");
    }

    /** The ND4J version on the class path (read from its jar, not from what the build asked for). */
    public static String dl4j() {
        return property("/META-INF/maven/org.nd4j/nd4j-api/pom.properties", "version");
    }

    private static String property(String resource, String key) {
        try (InputStream in = Versions.class.getResourceAsStream(resource)) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty(key, "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
