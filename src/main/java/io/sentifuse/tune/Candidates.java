package io.sentifuse.tune;

import io.sentifuse.config.ConfigSchema;
import io.sentifuse.seeds.Seeds;
import org.apache.commons.math3.random.JDKRandomGenerator;
import org.apache.commons.math3.random.RandomGenerator;
import org.deeplearning4j.arbiter.optimize.api.CandidateGenerator;
import org.deeplearning4j.arbiter.optimize.generator.GeneticSearchCandidateGenerator;
import org.deeplearning4j.arbiter.optimize.generator.GridSearchCandidateGenerator;
import org.deeplearning4j.arbiter.optimize.generator.RandomSearchGenerator;
import org.deeplearning4j.arbiter.optimize.generator.genetic.crossover.SinglePointCrossover;
import org.deeplearning4j.arbiter.optimize.generator.genetic.crossover.parentselection.RandomTwoParentSelection;
import org.deeplearning4j.arbiter.optimize.generator.genetic.mutation.RandomMutationOperator;
import org.deeplearning4j.arbiter.optimize.generator.genetic.population.PopulationModel;
import org.deeplearning4j.arbiter.optimize.generator.genetic.selection.GeneticSelectionOperator;

/**
 * Arbiter's candidate generator for a sweep file's {@code search.type}, every random source seeded from the
 * sweep's {@code seed} (the same sweep file and seed draw the same candidates), wrapped so that only distinct
 * candidates, at most {@code budget.max_candidates}, reach the runner.
 */
final class Candidates {

    private Candidates() {
    }

    static CandidateGenerator generator(SweepFile sweep) {
        CandidateSpace space = new CandidateSpace(sweep.parameters(), sweep.baseConfig().fusion().head());
        SweepSettings s = sweep.settings();
        Seeds seeds = Seeds.of(s.seed());
        CandidateGenerator g = switch (s.search().type()) {
            case RANDOM -> {
                RandomSearchGenerator r = new RandomSearchGenerator(space);
                r.setRngSeed(seeds.derive("sweep/random"));
                yield r;
            }
            // Sequential: RandomOrder would shuffle with Arbiter's rng before any seed can be set
            case GRID -> new GridSearchCandidateGenerator(space, s.search().gridPoints(),
                    GridSearchCandidateGenerator.Mode.Sequential, null);
            case GENETIC -> genetic(space, s, seeds);
        };
        return new DistinctCandidates(g, s.budget().maxCandidates());
    }

    private static CandidateGenerator genetic(CandidateSpace space, SweepSettings s, Seeds seeds) {
        GeneticSelectionOperator selection = new GeneticSelectionOperator.Builder()
                .randomGenerator(rng(seeds, "selection"))
                .crossoverOperator(new SinglePointCrossover.Builder()
                        .randomGenerator(rng(seeds, "crossover"))
                        .parentSelection(new RandomTwoParentSelection(rng(seeds, "parents")))
                        .build())
                .mutationOperator(new RandomMutationOperator.Builder()
                        .randomGenerator(rng(seeds, "mutation"))
                        .build())
                .build();
        return new GeneticSearchCandidateGenerator.Builder(space, new SweepScore(ConfigSchema.yamlEnum(
                s.score().metric())))
                .populationModel(new PopulationModel.Builder().populationSize(s.search().population()).build())
                .selectionOperator(selection)
                .build();
    }

    private static RandomGenerator rng(Seeds seeds, String purpose) {
        JDKRandomGenerator r = new JDKRandomGenerator();
        r.setSeed(seeds.derive("sweep/genetic/" + purpose));
        return r;
    }
}
