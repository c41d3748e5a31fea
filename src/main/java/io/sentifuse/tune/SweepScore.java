package io.sentifuse.tune;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.deeplearning4j.arbiter.optimize.api.data.DataProvider;
import org.deeplearning4j.arbiter.optimize.api.data.DataSource;
import org.deeplearning4j.arbiter.optimize.api.score.ScoreFunction;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * What Arbiter ranks by: the candidate's validation metric, mean over its seeds, higher is better. The candidate
 * task computes it ({@link CandidateTrainer}); Arbiter only compares scores and shows the metric's name.
 */
public final class SweepScore implements ScoreFunction {

    private static final long serialVersionUID = 1L;

    @JsonProperty
    private String metric;

    /** For Arbiter's JSON reader. */
    private SweepScore() {
    }

    public SweepScore(String metric) {
        this.metric = metric;
    }

    @Override
    public double score(Object model, DataProvider dataProvider, Map<String, Object> dataParameters) {
        throw new UnsupportedOperationException("sweep candidates are scored by their own runs (" + metric + ")");
    }

    @Override
    public double score(Object model, Class<? extends DataSource> dataSource, Properties dataSourceProperties) {
        throw new UnsupportedOperationException("sweep candidates are scored by their own runs (" + metric + ")");
    }

    @Override
    public boolean minimize() {
        return false;
    }

    @Override
    public List<Class<?>> getSupportedModelTypes() {
        return List.of(Object.class);
    }

    @Override
    public List<Class<?>> getSupportedDataTypes() {
        return List.of(Object.class);
    }

    @Override
    public String toString() {
        return "validation " + metric + ", mean over seeds (higher is better)";
    }
}
