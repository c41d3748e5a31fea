package io.sentifuse.spark;

import io.sentifuse.errors.UserInputException;
import java.util.regex.Pattern;

/**
 * A Spark master URL as {@code --spark} takes it, checked before anything starts: {@code local}, {@code local[N]},
 * {@code local[*]}, {@code local[N,F]} (F: attempts per task), {@code local-cluster[W,C,M]},
 * {@code spark://HOST:PORT[,HOST:PORT...]}, {@code yarn}, {@code k8s://...} or {@code mesos://HOST:PORT}.
 *
 * @param url the URL as given
 */
public record SparkMaster(String url) {

    private static final Pattern LOCAL = Pattern.compile("local(\\[(\\*|[1-9][0-9]*)(,[1-9][0-9]*)?])?");
    private static final Pattern LOCAL_CLUSTER = Pattern.compile("local-cluster\\[[1-9][0-9]*,[1-9][0-9]*,[1-9][0-9]*]");
    private static final Pattern HOST_PORT = Pattern.compile("[A-Za-z0-9._-]+:[1-9][0-9]{0,4}");
    private static final Pattern SPARK = Pattern.compile("spark://" + HOST_PORT + "(," + HOST_PORT + ")*");
    private static final Pattern MESOS = Pattern.compile("mesos://\\S+");
    private static final Pattern K8S = Pattern.compile("k8s://\\S+");

    /** What the error message lists as accepted. */
    static final String EXPECTED = "local, local[N], local[*], local[N,F], spark://HOST:PORT, yarn, k8s://URL or "
            + "mesos://HOST:PORT";

    public SparkMaster {
        if (url == null || url.isBlank()) {
            throw new UserInputException("--spark: a master URL is missing; expected " + EXPECTED);
        }
        if (!(LOCAL.matcher(url).matches() || LOCAL_CLUSTER.matcher(url).matches() || SPARK.matcher(url).matches()
                || "yarn".equals(url) || K8S.matcher(url).matches() || MESOS.matcher(url).matches())) {
            throw new UserInputException("--spark '" + url + "': not a Spark master URL; expected " + EXPECTED);
        }
    }

    /** Parses {@code --spark URL}. */
    public static SparkMaster of(String url) {
        return new SparkMaster(url == null ? null : url.trim());
    }

    /** Whether executors run inside this JVM ({@code local...}): they share its ND4J and its environment. */
    public boolean inProcess() {
        return url.startsWith("local") && !url.startsWith("local-cluster");
    }

    @Override
    public String toString() {
        return url;
    }
}
