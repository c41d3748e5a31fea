package io.sentifuse.finetune;

import io.sentifuse.data.stream.PairBatch;
import io.sentifuse.config.ConfigLoader;
import io.sentifuse.config.ExperimentConfig;
import io.sentifuse.encoder.TinyBert;
import io.sentifuse.encoder.TinyCnn;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Fine-tuning tests' encoders: the translator's TinyBert (1 layer, hidden 16, 60-token vocabulary, with a
 * loadable vocab.txt) and TinyCnn (16 x 16 inputs, 8 channels, its own 3-class classifier behind the pool),
 * written once per JVM; graphs are verified and cached under target/test-cache like every test's.
 */
public final class TinyEncoders {

    static final String CACHE = "output.cache_dir=target/test-cache";
    /** Tokens the test batches use; the others must never move. */
    static final long[][] IDS = {{2, 7, 9, 9, 12, 3}, {2, 8, 8, 11, 3, 0}, {2, 7, 10, 3, 0, 0}, {2, 12, 11, 9, 8, 3}};

    private static Path dir;

    private TinyEncoders() {
    }

    public static synchronized Path dir() {
        if (dir == null) {
            try {
                dir = Files.createTempDirectory("sentifuse-finetune-models");
                TinyBert.write(dir.resolve("tiny-bert.onnx"), 1, 21);
                TinyCnn.write(dir.resolve("tiny-cnn.onnx"), 3, null);
                StringBuilder vocab = new StringBuilder("[PAD]\n[UNK]\n[CLS]\n[SEP]\n[MASK]\n");
                for (int k = 5; k < TinyBert.VOCAB; k++) {
                    vocab.append("tok").append(k).append('\n');
                }
                Files.writeString(dir.resolve("vocab.txt"), vocab.toString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return dir;
    }

    /** Settings selecting the tiny encoders, a small ote head and finetune mode, plus {@code more}. */
    static List<String> sets(String... more) {
        Path d = dir();
        List<String> out = new ArrayList<>(List.of(CACHE, "training.mode=finetune",
                "text.model=" + d.resolve("tiny-bert.onnx"), "text.tokenizer=" + d.resolve("vocab.txt"),
                "text.max_length=16", "image.model=" + d.resolve("tiny-cnn.onnx"), "fusion.head=ote",
                "fusion.projection_dim=8", "fusion.hidden_dim=8", "fusion.heads=2", "fusion.ffn_dim=16"));
        out.addAll(List.of(more));
        return out;
    }

    static ExperimentConfig config(String... more) {
        return ConfigLoader.defaults(sets(more));
    }

    /** Four pairs: the label is what the image's dominant colour and the text say together. */
    static PairBatch batch() {
        int n = IDS.length;
        INDArray ids = Nd4j.createFromArray(IDS);
        INDArray mask = ids.neq(0).castTo(DataType.LONG);
        Nd4j.getRandom().setSeed(6);
        INDArray images = Nd4j.rand(DataType.FLOAT, n, 3, TinyCnn.SIZE, TinyCnn.SIZE);
        int[] labels = {0, 1, 2, 1};
        for (int i = 0; i < n; i++) {
            images.slice(i).slice(labels[i]).addi(1f);
        }
        return new PairBatch(new String[] {"a", "b", "c", "d"}, labels, ids, mask, images);
    }
}
