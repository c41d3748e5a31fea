package io.sentifuse.system;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOps;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * The build of ND4J's native library this process runs, as ND4J itself reports it after loading (its binary level
 * and whether its build information lists oneDNN) and where JavaCPP mapped it from, next to what
 * {@link Nd4jBinaries} asked for. Reading it loads ND4J.
 *
 * @param name      the build's id ({@code generic}, {@code avx2}, ..., {@code onednn-avx512}); "unknown" when the
 *                  CPU library is not loaded (another backend)
 * @param level     ND4J's name of the build's instruction level ("AVX512", "AVX/AVX2", "Generic x86")
 * @param onednn    whether the build uses oneDNN (MKL-DNN) for convolutions, matrix products and friends
 * @param library   the path libnd4jcpu was mapped from, or "not found"
 * @param requested the id {@link Nd4jBinaries} asked JavaCPP for, or null where it left the choice to ND4J
 * @param chosenBy  how that request came about
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record LoadedNd4jBinary(String name, String level, boolean onednn, String library, String requested,
                               String chosenBy) {

    /**
     * ND4J's build information ("HAVE_ONEDNN", "HAVE_CUDNN", ... for the vendor libraries it was built with); empty
     * where ND4J gives none. Loads ND4J's backend first, which NativeOpsHolder needs.
     */
    public static String buildInfo() {
        Nd4j.getBackend();
        return String.valueOf(NativeOpsHolder.getInstance().getDeviceNativeOps().buildInfo());
    }

    /** Reads the loaded build back from ND4J and /proc/self/maps. */
    public static LoadedNd4jBinary read() {
        NativeOps ops = NativeOpsHolder.getInstance().getDeviceNativeOps();
        Nd4jBinary.Level level = Nd4jBinary.Level.ofNd4j(ops.binaryLevel());
        boolean onednn = buildInfo().contains("HAVE_ONEDNN");
        String library = SystemInfo.loadedLibrary("libnd4jcpu").orElse(null);
        Nd4jBinaries.Choice choice = Nd4jBinaries.chosen();
        return new LoadedNd4jBinary(library == null ? "unknown" : Nd4jBinary.of(level, onednn).id(), level.nd4jName(),
                onednn, library == null ? "not found" : library,
                choice == null || choice.binary() == null ? null : choice.binary().id(),
                choice == null ? "not chosen by sentifuse (ND4J loaded before Nd4jBinaries.configure ran)"
                        : choice.reason());
    }

    /** Whether a build was asked for and a different one loaded (JavaCPP falls back without a word). */
    public boolean differsFromRequest() {
        return requested != null && !requested.equals(name);
    }

    /** A map view for provenance files. */
    public Map<String, Object> summary() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", name);
        out.put("level", level);
        out.put("onednn", onednn);
        out.put("library", library);
        out.put("chosen_by", chosenBy);
        return out;
    }
}
