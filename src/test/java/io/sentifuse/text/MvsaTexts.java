package io.sentifuse.text;

import io.sentifuse.SharedData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
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

    /**
     * Strict UTF-8, else GB18030 (how the set's non-UTF-8 texts decode). Kept in one place so that the
     * production decoder (io.sentifuse.data.TextDecoder) can replace it.
     */
    static String decode(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return new String(bytes, Charset.forName("GB18030"));
        }
    }
}
