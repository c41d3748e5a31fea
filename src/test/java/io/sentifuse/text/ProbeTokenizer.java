package io.sentifuse.text;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Tokenizer.json files that make a normalizer or pre-tokenizer observable through ids alone: a byte-level BPE
 * without merges whose ids are the UTF-8 bytes of the pieces (0-255), the last byte of each piece marked by
 * {@code </w>} (256-511). Ids therefore spell out the normalized text and where it was split.
 */
final class ProbeTokenizer {

    /** A pre-tokenizer that only maps bytes to GPT-2's characters, keeping pieces as they are. */
    static final String BYTES = "{\"type\":\"ByteLevel\",\"add_prefix_space\":false,\"trim_offsets\":false,\"use_regex\":false}";

    private ProbeTokenizer() {
    }

    /** @param normalizer JSON or "null"; @param splitter JSON pre-tokenizer or null (then only {@link #BYTES}) */
    static String json(String normalizer, String splitter) {
        String pre = splitter == null ? BYTES : "{\"type\":\"Sequence\",\"pretokenizers\":[" + splitter + "," + BYTES + "]}";
        return withPreTokenizer(normalizer, pre);
    }

    /** @param preTokenizer the whole pre-tokenizer JSON; its output must be byte-level characters */
    static String withPreTokenizer(String normalizer, String preTokenizer) {
        StringBuilder vocab = new StringBuilder();
        for (int b = 0; b < 256; b++) {
            String c = escape(ByteLevelPreTokenizer.byteChar(b));
            vocab.append(b == 0 ? "" : ",").append('"').append(c).append("\":").append(b);
            vocab.append(",\"").append(c).append("</w>\":").append(256 + b);
        }
        return "{\"version\":\"1.0\",\"truncation\":null,\"padding\":null,\"added_tokens\":[],\"normalizer\":" + normalizer
                + ",\"pre_tokenizer\":" + preTokenizer + ",\"post_processor\":null,\"decoder\":null,"
                + "\"model\":{\"type\":\"BPE\",\"dropout\":null,\"unk_token\":null,\"continuing_subword_prefix\":null,"
                + "\"end_of_word_suffix\":\"</w>\",\"fuse_unk\":false,\"byte_fallback\":false,\"vocab\":{" + vocab
                + "},\"merges\":[]}}";
    }

    static Path write(Path dir, String name, String json) {
        try {
            return Files.writeString(dir.resolve(name + ".json"), json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The text the probe ids spell (UTF-8 bytes; a lone byte sequence that is not UTF-8 shows as U+FFFD). */
    static String text(long[] ids) {
        byte[] bytes = new byte[ids.length];
        for (int i = 0; i < ids.length; i++) {
            bytes[i] = (byte) (ids[i] & 0xFF);
        }
        return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Number of pieces the probe ids show. */
    static int pieces(long[] ids) {
        int n = 0;
        for (long id : ids) {
            n += id >= 256 ? 1 : 0;
        }
        return n;
    }

    private static String escape(char c) {
        return c == '"' ? "\\\"" : c == '\\' ? "\\\\" : String.valueOf(c);
    }
}
