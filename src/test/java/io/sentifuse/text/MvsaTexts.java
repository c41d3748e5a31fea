package io.sentifuse.text;

import io.sentifuse.SharedData;
import io.sentifuse.data.TextDecoder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** All texts of the real MVSA-Single set in ../shared (the calling test skips where it is absent). */
final class MvsaTexts {

    private MvsaTexts() {
    }

    static List<String> all() {
        Path data = SharedData.mvsaSingle().resolve("data");
        try (Stream<Path> files = Files.list(data)) {
            List<Path> txt = files.filter(p -> p.getFileName().toString().endsWith(".txt")).sorted().toList();
            List<String> texts = new ArrayList<>(txt.size());
            for (Path p : txt) {
                texts.add(decode(Files.readAllBytes(p)));
            }
            return texts;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + data, e);
        }
    }

    /** The production decoder, so the parity test sees exactly the texts the pipeline sees. */
    static String decode(byte[] bytes) {
        return TextDecoder.decode(bytes).text();
    }
}
