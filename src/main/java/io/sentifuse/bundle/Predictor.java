package io.sentifuse.bundle;

import io.sentifuse.config.ImageConfig;
import io.sentifuse.config.TextConfig;
import io.sentifuse.data.Label;
import io.sentifuse.data.PairRecords;
import io.sentifuse.data.Problem;
import io.sentifuse.encoder.ImageEncoder;
import io.sentifuse.encoder.TextEncoder;
import io.sentifuse.encoder.TextTokenizers;
import io.sentifuse.encoder.TokenTensors;
import io.sentifuse.encoder.cache.CacheEntry;
import io.sentifuse.ensemble.RunEnsemble;
import io.sentifuse.errors.UserInputException;
import io.sentifuse.features.FeatureBatch;
import io.sentifuse.files.AtomicFiles;
import io.sentifuse.files.Json;
import io.sentifuse.fusion.FusionModel;
import io.sentifuse.image.ImageDecodeException;
import io.sentifuse.image.ImageDecoder;
import io.sentifuse.image.ImageTransform;
import io.sentifuse.image.RgbImage;
import io.sentifuse.text.Encoding;
import io.sentifuse.text.Tokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.datavec.api.writable.Writable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A model bundle loaded for prediction: pair records ({@link PairRecords}) in, labels and probabilities out, and for
 * attention heads what they attended to. Texts are tokenised as in training (the bundle's tokenizer, prefix and max
 * length), images decoded and transformed as the bundle's image encoder expects, both encoders run as the bundle's
 * verified graphs and the head as the trained {@link FusionModel} (an ensemble bundle: every member head, their
 * probabilities averaged with equal weights; attention is the first member's). Thread-safe (one batch at a time). Close it to
 * delete the extracted files.
 */
public final class Predictor implements AutoCloseable {

    /** One batch's predictions, and the pairs left out because their image could not be read. */
    public record Batch(List<Prediction> predictions, List<Problem> problems) {
    }

    private final Path dir;
    private final BundleManifest manifest;
    private final String sha256;
    /** The head whose attention a prediction shows: the single model, or an ensemble's first member. */
    private final FusionModel head;
    /** Every head the probabilities average over: {@link #head} alone, or each member of an ensemble in order. */
    private final List<FusionModel> heads = new ArrayList<>();
    /** The bundle's text encoder, or null for heads that read no text. */
    private final TextSide text;
    /** Per head in {@link #heads}: the text encoder it reads ({@link #text}, or a member's own in a mixed ensemble). */
    private final List<TextSide> headTexts = new ArrayList<>();
    /** The distinct text encoders of {@link #headTexts}: each batch is encoded once by each. */
    private final List<TextSide> textSides;
    private final ImageEncoder image;
    private final ImageTransform transform;
    private final ImageDecoder decoder = new ImageDecoder();

    private Predictor(Path dir, BundleManifest manifest, String sha256) {
        this.dir = dir;
        this.manifest = manifest;
        this.sha256 = sha256;
        this.head = FusionModel.load(dir.resolve(BundleLayout.HEAD));
        this.text = manifest.text() == null ? null : side(manifest.text());
        heads.add(head);
        headTexts.add(text);
        if (manifest.members() != null) {
            Map<String, TextSide> own = new LinkedHashMap<>();
            for (BundleManifest.Member m : manifest.members().subList(1, manifest.members().size())) {
                heads.add(FusionModel.load(dir.resolve(m.entry())));
                headTexts.add(m.text() == null ? text : own.computeIfAbsent(m.text().graph(), g -> side(m.text())));
            }
        }
        this.textSides = headTexts.stream().filter(java.util.Objects::nonNull).distinct().toList();
        if (manifest.image() != null) {
            ImageConfig ic = Json.mapper().convertValue(manifest.image().settings(), ImageConfig.class);
            this.image = ImageEncoder.fromGraph(load(manifest.image().graph()), entry(manifest.image()), ic);
            this.transform = image.transform();
        } else {
            this.image = null;
            this.transform = null;
        }
    }

    /**
     * Opens {@code bundle}: its format version and every entry's SHA-256 are checked before anything is loaded.
     *
     * @throws UserInputException naming the bundle and what is wrong with it
     */
    public static Predictor open(Path bundle) {
        Path dir;
        try {
            dir = Files.createTempDirectory("sentifuse-bundle");
        } catch (IOException e) {
            throw new UserInputException("cannot create a folder to open " + bundle + " in: " + e.getMessage(), e);
        }
        try {
            BundleManifest manifest = BundleFiles.extract(bundle, dir);
            return new Predictor(dir, manifest, BundleFiles.sha256(bundle));
        } catch (RuntimeException e) {
            AtomicFiles.deleteTree(dir);
            throw e;
        }
    }

    private SameDiff load(String entry) {
        return SameDiff.load(dir.resolve(entry).toFile(), true);
    }

    /** A text encoder as bundled, with the tokenizer, prefix and max length it was trained with. */
    private TextSide side(BundleManifest.Encoder e) {
        TextConfig tc = Json.mapper().convertValue(e.settings(), TextConfig.class);
        Path tokenizerFile = dir.resolve(e.tokenizer());
        return new TextSide(TextEncoder.fromGraph(load(e.graph()), entry(e), tc.pooling()),
                TextTokenizers.load(tokenizerFile).withPrefix(tc.prefix()), tc.maxLength(),
                Vocabulary.read(tokenizerFile),
                e.extra() == null ? List.of() : e.extra().stream().map(this::side).toList());
    }

    /**
     * One text encoder of the bundle and how texts reach it.
     *
     * @param extras the encoders joined to it ({@code text.extra_models}): their pooled vectors follow its own
     */
    private record TextSide(TextEncoder encoder, Tokenizer tokenizer, int maxLength, Vocabulary vocabulary,
                            List<TextSide> extras) {
    }

    /** A batch's text features under one text encoder. */
    private record TextFeatures(List<Encoding> encodings, INDArray pooled, INDArray tokens, INDArray mask) {
    }

    private static TextFeatures encode(TextSide side, List<List<Writable>> records) {
        List<Encoding> encodings = tokenize(side, records);
        TokenTensors tokens = TokenTensors.pad(encodings, side.tokenizer().padId());
        TextEncoder.Features f = side.encoder().encode(tokens);
        INDArray mask = tokens.mask().castTo(DataType.FLOAT);
        int n = records.size();
        INDArray pooled = f.pooled().castTo(DataType.FLOAT);
        if (!side.extras().isEmpty()) {
            // as the feature set joins them in training: this encoder's vector, then each extra's in order; an
            // extra's token states are never read, so only its pooled vector is kept
            List<INDArray> parts = new ArrayList<>(List.of(pooled));
            for (TextSide extra : side.extras()) {
                parts.add(extra.encoder().encode(TokenTensors.pad(tokenize(extra, records), extra.tokenizer().padId()))
                        .pooled().castTo(DataType.FLOAT));
            }
            pooled = Nd4j.hstack(parts.toArray(new INDArray[0]));
        }
        // padded positions are zeros, as the feature cache stores them
        return new TextFeatures(encodings, pooled,
                f.tokenStates().castTo(DataType.FLOAT).mul(mask.reshape(n, mask.size(1), 1)), mask);
    }

    private static List<Encoding> tokenize(TextSide side, List<List<Writable>> records) {
        List<Encoding> encodings = new ArrayList<>(records.size());
        for (List<Writable> r : records) {
            encodings.add(side.tokenizer().encode(PairRecords.text(r), side.maxLength()));
        }
        return encodings;
    }

    private CacheEntry entry(BundleManifest.Encoder e) {
        return Json.read(dir.resolve(e.graphEntry()), CacheEntry.class);
    }

    public BundleManifest manifest() {
        return manifest;
    }

    /** The bundle file's SHA-256. */
    public String sha256() {
        return sha256;
    }

    /** Whether the head reads images (else images are neither needed nor decoded). */
    public boolean readsImages() {
        return image != null;
    }

    /** The head's probabilities, or the mean of the ensemble members', each on the batch of its text encoder. */
    private float[][] probabilities(Map<TextSide, FeatureBatch> batches, FeatureBatch main) {
        List<float[][]> each = new ArrayList<>(heads.size());
        for (int i = 0; i < heads.size(); i++) {
            FeatureBatch batch = headTexts.get(i) == null ? main : batches.get(headTexts.get(i));
            each.add(heads.get(i).predict(batch).probabilities());
        }
        return each.size() == 1 ? each.get(0) : RunEnsemble.average(each);
    }

    /** Predicts one batch of records; a record whose image cannot be read is left out and listed. */
    public synchronized Batch predict(List<List<Writable>> records) {
        List<List<Writable>> kept = new ArrayList<>(records.size());
        List<float[]> pixels = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        for (List<Writable> r : records) {
            if (image != null) {
                try {
                    RgbImage decoded = decoder.decode(PairRecords.image(r));
                    pixels.add(transform.apply(decoded));
                } catch (ImageDecodeException e) {
                    problems.add(new Problem(PairRecords.id(r), PairRecords.image(r).toString(), null, e.problem()));
                    continue;
                }
            }
            kept.add(r);
        }
        if (kept.isEmpty()) {
            return new Batch(List.of(), problems);
        }
        int n = kept.size();
        String[] ids = new String[n];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            ids[i] = PairRecords.id(kept.get(i));
            labels[i] = PairRecords.label(kept.get(i));
        }
        INDArray imagePooled = null;
        INDArray imageRegions = null;
        if (image != null) {
            int floats = pixels.get(0).length;
            float[] all = new float[n * floats];
            for (int i = 0; i < n; i++) {
                System.arraycopy(pixels.get(i), 0, all, i * floats, floats);
            }
            int size = transform.size();
            ImageEncoder.Features f = image.encode(Nd4j.create(all, new long[] {n, 3, size, size}, 'c'));
            imagePooled = f.pooled();
            imageRegions = f.regions();
        }
        // one batch per text encoder the heads read (they share the image features); closed together
        Map<TextSide, FeatureBatch> batches = new LinkedHashMap<>();
        Map<TextSide, TextFeatures> texts = new LinkedHashMap<>();
        FeatureBatch main = null;
        try {
            for (TextSide side : textSides) {
                TextFeatures t = encode(side, kept);
                texts.put(side, t);
                batches.put(side, new FeatureBatch(ids, labels, t.pooled(), t.tokens(), t.mask(), imagePooled,
                        imageRegions));
            }
            main = text == null ? new FeatureBatch(ids, labels, null, null, null, imagePooled, imageRegions)
                    : batches.get(text);
            float[][] probabilities = probabilities(batches, main);
            Map<String, INDArray> exposed = AttentionSummaries.wanted(head).isEmpty() ? Map.of()
                    : head.exposed(main, AttentionSummaries.wanted(head).toArray(new String[0]));
            List<Prediction> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                out.add(prediction(ids[i], labels[i], probabilities[i], AttentionSummaries.of(head, exposed, i,
                        text == null ? null : texts.get(text).encodings().get(i),
                        text == null ? null : text.vocabulary(),
                        image == null ? 0 : image.spec().spatialHeight(), image == null ? 0 : image.spec().spatialWidth())));
            }
            return new Batch(out, problems);
        } finally {
            batches.values().forEach(FeatureBatch::close);
            if (main != null && text == null) {
                main.close();
            }
            // when an encoder failed before any batch took them
            for (INDArray a : new INDArray[] {imagePooled, imageRegions}) {
                if (a != null && !a.wasClosed() && a.closeable()) {
                    a.close();
                }
            }
        }
    }

    private static Prediction prediction(String id, int label, float[] probs, Prediction.Attention attention) {
        Map<String, Double> map = new LinkedHashMap<>();
        int best = 0;
        for (int c = 0; c < probs.length; c++) {
            map.put(Label.ofIndex(c).word(), (double) probs[c]);
            if (probs[c] > probs[best]) {
                best = c;
            }
        }
        return new Prediction(id, Label.ofIndex(best).word(), map,
                label == PairRecords.UNLABELLED ? null : Label.ofIndex(label).word(), attention);
    }

    @Override
    public void close() {
        if (image != null) {
            image.close();
        }
        AtomicFiles.deleteTree(dir);
    }
}
