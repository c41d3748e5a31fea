package io.sentifuse.encoder.image;

import io.sentifuse.encoder.fixture.ResNetFixture;
import io.sentifuse.encoder.tfjs.NsfwjsModel;
import io.sentifuse.image.ImagePreset;
import io.sentifuse.repro.Json;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * ONNX Runtime's feature-extraction throughput (pooled + spatial outputs) for ResNet-50 (the BN-folded fixture,
 * as torch exports it) and nsfwjs MobileNetV2. A benchmark run by hand, not a test:
 * <pre>
 * mvn -B -q -o test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp target/classes:target/test-classes:$(cat target/cp.txt) io.sentifuse.encoder.image.OrtThroughputMain [batch] [threads]
 * </pre>
 * The SameDiff side plugs in as another {@link ImageBatchRunner} on the same {@link PreparedImageModel}.
 */
public final class OrtThroughputMain {

    private OrtThroughputMain() {
    }

    public static void main(String[] args) {
        int batch = args.length > 0 ? Integer.parseInt(args[0]) : 16;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : Runtime.getRuntime().availableProcessors();
        Map<String, PreparedImageModel> models = new LinkedHashMap<>();
        models.put("resnet50", ImageModels.prepare(ResNetFixture.build(ResNetFixture.Depth.RESNET50,
                ResNetFixture.BatchNorm.FOLDED, 42), "resnet50-fixture", ImagePreset.TORCHVISION));
        models.put("mobilenet_v2", DefaultImageModel.load(CacheRoot.resolve(null), NsfwjsModel.MOBILENET_V2));
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("threads", threads);
        report.put("load_average_before", loadAverage());
        for (var e : models.entrySet()) {
            try (OrtImageRunner ort = new OrtImageRunner(e.getValue().model(), e.getValue().spec().input(), threads)) {
                report.put(e.getKey(), ImageThroughput.measure(ort, e.getValue().spec(), batch, 2, 10, 7));
            }
        }
        report.put("load_average_after", loadAverage());
        System.out.println(Json.pretty(report));
    }

    private static String loadAverage() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).strip();
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }
}
