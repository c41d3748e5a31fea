package io.sentifuse.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sentifuse.errors.UserInputException;
import java.util.EnumSet;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** How the ND4J binary is chosen (pure decisions on given flags, class path and settings) and what loaded here. */
class Nd4jBinariesTest {

    private static final Set<String> AVX512_CPU = Set.of("sse4_2", "avx", "avx2", "fma", "f16c", "avx512f", "avx512cd",
            "avx512bw", "avx512dq", "avx512vl");
    private static final Set<String> AVX2_CPU = Set.of("sse4_2", "avx", "avx2", "fma", "f16c");
    private static final Set<String> OLD_CPU = Set.of("sse4_2");
    /** The jars this build ships. */
    private static final Predicate<Nd4jBinary> SHIPPED = EnumSet.of(Nd4jBinary.GENERIC, Nd4jBinary.ONEDNN_AVX2,
            Nd4jBinary.ONEDNN_AVX512)::contains;
    private static final Predicate<Nd4jBinary> ALL = b -> true;

    private static Nd4jBinaries.Choice choose(Map<String, String> env, Properties p, Set<String> flags,
                                              Predicate<Nd4jBinary> onClassPath) {
        return Nd4jBinaries.choose(env, p, flags, "linux-x86_64", onClassPath);
    }

    private static Properties props(String... keyValues) {
        Properties p = new Properties();
        for (int i = 0; i < keyValues.length; i += 2) {
            p.setProperty(keyValues[i], keyValues[i + 1]);
        }
        return p;
    }

    @Test
    void automaticPicksTheBestShippedBuildTheCpuRuns() {
        assertThat(choose(Map.of(), props(), AVX512_CPU, SHIPPED).binary()).isEqualTo(Nd4jBinary.ONEDNN_AVX512);
        assertThat(choose(Map.of(), props(), AVX2_CPU, SHIPPED).binary()).isEqualTo(Nd4jBinary.ONEDNN_AVX2);
        assertThat(choose(Map.of(), props(), OLD_CPU, SHIPPED).binary()).isEqualTo(Nd4jBinary.GENERIC);
        assertThat(choose(Map.of(), props(), OLD_CPU, ALL).binary()).isEqualTo(Nd4jBinary.ONEDNN);
        // AVX-512 foundation alone (no BW/DQ/VL, as on Xeon Phi) is not enough for the AVX-512 builds
        Set<String> phi = Set.of("avx", "avx2", "fma", "f16c", "avx512f", "avx512cd");
        assertThat(choose(Map.of(), props(), phi, SHIPPED).binary()).isEqualTo(Nd4jBinary.ONEDNN_AVX2);
        Nd4jBinaries.Choice onlyGeneric = choose(Map.of(), props(), AVX512_CPU, b -> b == Nd4jBinary.GENERIC);
        assertThat(onlyGeneric.binary()).isEqualTo(Nd4jBinary.GENERIC);
        assertThat(onlyGeneric.source()).isEqualTo(Nd4jBinaries.Source.AUTOMATIC);
        assertThat(choose(Map.of(), props(), AVX512_CPU, SHIPPED).reason())
                .isEqualTo("automatic: the best build on the class path (onednn-avx512, onednn-avx2, generic) that "
                        + "this CPU runs");
        assertThat(choose(Map.of(Nd4jBinaries.ENV, " Auto "), props(), AVX512_CPU, SHIPPED).binary())
                .isEqualTo(Nd4jBinary.ONEDNN_AVX512);
    }

    @Test
    void theVariableOrThePropertyOverrides() {
        Nd4jBinaries.Choice env = choose(Map.of(Nd4jBinaries.ENV, "generic"), props(), AVX512_CPU, SHIPPED);
        assertThat(env.binary()).isEqualTo(Nd4jBinary.GENERIC);
        assertThat(env.source()).isEqualTo(Nd4jBinaries.Source.ENVIRONMENT);
        assertThat(env.reason()).isEqualTo("SENTIFUSE_ND4J_BINARY=generic");
        Nd4jBinaries.Choice property = choose(Map.of(Nd4jBinaries.ENV, "generic"),
                props(Nd4jBinaries.PROPERTY, "ONEDNN-AVX2"), AVX512_CPU, SHIPPED);
        assertThat(property.binary()).isEqualTo(Nd4jBinary.ONEDNN_AVX2);
        assertThat(property.reason()).isEqualTo("-Dsentifuse.nd4j.binary=ONEDNN-AVX2");
        assertThat(choose(Map.of(Nd4jBinaries.ENV, ""), props(), AVX2_CPU, SHIPPED).binary())
                .isEqualTo(Nd4jBinary.ONEDNN_AVX2);
    }

    @Test
    void badOrUnusableRequestsNameTheSettingTheValueAndTheChoices() {
        assertThatThrownBy(() -> choose(Map.of(Nd4jBinaries.ENV, "avx3"), props(), AVX512_CPU, SHIPPED))
                .isInstanceOf(UserInputException.class)
                .hasMessage("SENTIFUSE_ND4J_BINARY is 'avx3': expected one of auto, generic, avx2, avx512, onednn, "
                        + "onednn-avx2, onednn-avx512");
        assertThatThrownBy(() -> choose(Map.of(), props(Nd4jBinaries.PROPERTY, "avx2"), AVX512_CPU, SHIPPED))
                .isInstanceOf(UserInputException.class)
                .hasMessage("-Dsentifuse.nd4j.binary is 'avx2': its jar (org.nd4j:nd4j-native:" + Versions.dl4j()
                        + ":linux-x86_64-avx2) is not on the class path; builds on the class path: onednn-avx512, "
                        + "onednn-avx2, generic (build with `mvn -Pnd4j-all-binaries package` for all six)");
        assertThatThrownBy(() -> choose(Map.of(Nd4jBinaries.ENV, "onednn-avx512"), props(), AVX2_CPU, SHIPPED))
                .isInstanceOf(UserInputException.class)
                .hasMessage("SENTIFUSE_ND4J_BINARY is 'onednn-avx512': this CPU lacks avx512bw, avx512cd, avx512dq, "
                        + "avx512f, avx512vl (the build would stop with an illegal instruction); builds on the class "
                        + "path that it runs: onednn-avx2, generic");
        assertThatThrownBy(() -> Nd4jBinaries.choose(Map.of(Nd4jBinaries.ENV, "avx2"), props(), Set.of(),
                "linux-arm64", ALL))
                .isInstanceOf(UserInputException.class)
                .hasMessage("SENTIFUSE_ND4J_BINARY is 'avx2': ND4J's builds by CPU level exist for linux-x86_64 only; "
                        + "this is linux-arm64 (unset SENTIFUSE_ND4J_BINARY)");
    }

    @Test
    void whereSentifuseCannotChooseNd4jDoes() {
        Nd4jBinaries.Choice javacpp = choose(Map.of(), props(Nd4jBinaries.JAVACPP_EXTENSION, "-avx2"), AVX512_CPU, ALL);
        assertThat(javacpp.binary()).isEqualTo(Nd4jBinary.AVX2);
        assertThat(javacpp.source()).isEqualTo(Nd4jBinaries.Source.JAVACPP_PROPERTY);
        assertThat(Nd4jBinaries.choose(Map.of(), props(), Set.of(), "linux-arm64", ALL).binary()).isNull();
        Nd4jBinaries.Choice cuda = choose(Map.of(), props(), AVX512_CPU, b -> false);
        assertThat(cuda.binary()).isNull();
        assertThat(cuda.source()).isEqualTo(Nd4jBinaries.Source.NOT_APPLICABLE);
    }

    @Test
    void theShippedJarsAreOnTheClassPath() {
        assertThat(Nd4jBinaries.onClassPath(Nd4jBinary.GENERIC)).isTrue();
        assertThat(Nd4jBinaries.onClassPath(Nd4jBinary.ONEDNN_AVX2)).isTrue();
        assertThat(Nd4jBinaries.onClassPath(Nd4jBinary.ONEDNN_AVX512)).isTrue();
        assertThat(Nd4jBinaries.platform()).isEqualTo("linux-x86_64");
    }

    @Test
    void theTestsRunOnTheBuildChosenForThisCpuAndNd4jReportsIt() {
        Nd4jBinaries.Choice chosen = Nd4jBinaries.chosen();
        assertThat(chosen).as("chosen by the launcher session before any test class loaded").isNotNull();
        Nd4jBinaries.Choice fresh = Nd4jBinaries.choose(System.getenv(), new Properties(), CpuInfo.flags(),
                Nd4jBinaries.platform(), Nd4jBinaries::onClassPath);
        assertThat(chosen.binary()).isEqualTo(fresh.binary());
        LoadedNd4jBinary loaded = LoadedNd4jBinary.read();
        assertThat(loaded.name()).isEqualTo(chosen.binary().id());
        assertThat(loaded.requested()).isEqualTo(chosen.binary().id());
        assertThat(loaded.differsFromRequest()).isFalse();
        assertThat(loaded.library()).endsWith("/bindings/" + chosen.binary().classifier() + "/libnd4jcpu.so");
        assertThat(loaded.onednn()).isEqualTo(chosen.binary().onednn());
        assertThat(loaded.level()).isEqualTo(chosen.binary().level().nd4jName());
    }
}
