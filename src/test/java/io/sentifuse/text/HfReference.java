package io.sentifuse.text;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The reference: HuggingFace's Rust {@code tokenizers} through DJL (test scope). Loaded with padding off and
 * truncation off (or at the given length), whatever the tokenizer.json says, so that it answers the question our
 * tokenizer answers. DJL runs offline: its native library ships in the jar for linux-x86_64 and is extracted to
 * its cache; {@code ai.djl.offline=true} forbids any download.
 *
 * <p>Texts reach it with each lone surrogate replaced by U+FFFD ({@link HfTokenizer#replaceLoneSurrogates}): Rust
 * strings cannot hold one, and DJL's conversion of a Java string that has one garbles the whole text (it falls
 * back to modified UTF-8: NUL becomes two U+FFFD, every character beyond U+FFFF six).
 */
final class HfReference implements AutoCloseable {

    static {
        System.setProperty("ai.djl.offline", "true");
    }

    private final HuggingFaceTokenizer tokenizer;

    private HfReference(HuggingFaceTokenizer tokenizer) {
        this.tokenizer = tokenizer;
    }

    /** No truncation, no padding, special tokens added. */
    static HfReference load(Path tokenizerJson) {
        return build(tokenizerJson, -1);
    }

    /** Truncation to {@code maxLength} ids in total (special tokens included), no padding. */
    static HfReference load(Path tokenizerJson, int maxLength) {
        return build(tokenizerJson, maxLength);
    }

    /** The MiniLM tokenizer.json from the jar, copied to a file for DJL. */
    static Path miniLmFile(Path dir) {
        return resourceFile(Tokenizers.MINILM_RESOURCE, dir);
    }

    /** A tokenizer.json on the class path (a text preset's, inside its jar), copied to a file for DJL. */
    static Path resourceFile(String resource, Path dir) {
        try (InputStream in = HfReference.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not on the test class path");
            }
            Path file = dir.resolve(resource.substring(resource.lastIndexOf('/') + 1));
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static HfReference build(Path file, int maxLength) {
        try {
            HuggingFaceTokenizer.Builder b = HuggingFaceTokenizer.builder().optTokenizerPath(file).optPadding(false);
            if (maxLength > 0) {
                b.optTruncation(true).optMaxLength(maxLength);
            } else {
                b.optTruncation(false);
            }
            return new HfReference(b.build());
        } catch (IOException e) {
            throw new UncheckedIOException("DJL cannot load " + file, e);
        }
    }

    Encoding encode(String text) {
        return tokenizer.encode(HfTokenizer.replaceLoneSurrogates(text));
    }

    long[] ids(String text) {
        return encode(text).getIds();
    }

    /** Batch encoding (parallel inside the Rust library); chunks keep memory bounded. */
    List<Encoding> encodeAll(List<String> texts) {
        List<String> clean = texts.stream().map(HfTokenizer::replaceLoneSurrogates).toList();
        List<Encoding> out = new ArrayList<>(texts.size());
        for (int i = 0; i < clean.size(); i += 50_000) {
            out.addAll(List.of(tokenizer.batchEncode(clean.subList(i, Math.min(clean.size(), i + 50_000)))));
        }
        return out;
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
