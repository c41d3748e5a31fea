package io.sentifuse.data;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Raw text bytes to a string, deterministically: strict UTF-8 (a leading BOM stripped); else strict
 * GB18030; else windows-1252. The encoding that succeeded is recorded with the text. A non-UTF-8 text is
 * never an error and never dropped.
 *
 * <p>Bytes that are not text at all are a problem with the item ({@link #problem(byte[])}): a control
 * byte other than tab, line feed, vertical tab, form feed or carriage return (a NUL in a tweet means a
 * binary or UTF-16 file), or bytes that none of the three encodings decodes strictly. {@link #decode}
 * itself never throws: on such bytes it falls back to windows-1252 with U+FFFD replacements.
 *
 * <p>Why this order: UTF-8 is what the data should be and almost never decodes non-UTF-8 text by accident.
 * MVSA's non-UTF-8 texts (1,013 of the 4,358 development pairs) were stored as GB18030, mostly an
 * English tweet whose ellipsis became the bytes A1 AD; all of them decode strictly as GB18030. Latin-1-era
 * texts usually fail strict GB18030 (a lone high byte before ASCII is invalid there) and land on
 * windows-1252.
 */
public final class TextDecoder {

    /** Names recorded for each outcome. */
    public static final String UTF_8 = "UTF-8";
    public static final String GB18030 = "GB18030";
    public static final String WINDOWS_1252 = "windows-1252";

    /** The encodings tried, in order. */
    public static final List<String> ORDER = List.of(UTF_8, GB18030, WINDOWS_1252);

    private static final Charset GB = Charset.forName(GB18030);
    private static final Charset CP1252 = Charset.forName(WINDOWS_1252);

    private TextDecoder() {
    }

    /** A decoded text and the encoding that decoded it. */
    public record Decoded(String text, String encoding) {

        public boolean isUtf8() {
            return UTF_8.equals(encoding);
        }
    }

    /** Why {@code bytes} are not a text, or null when they are one. */
    public static String problem(byte[] bytes) {
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[i] & 0xff;
            if (isBadControl(b)) {
                return String.format("invalid text bytes: control byte 0x%02X at offset %d (binary data, or UTF-16?)",
                        b, i);
            }
        }
        Decoded d = decode(bytes);
        if (d.encoding().equals(WINDOWS_1252) && strict(CP1252, bytes, 0) == null) {
            return "invalid text bytes: not decodable as UTF-8, GB18030 or windows-1252";
        }
        return null;
    }

    /** Why an already decoded {@code text} is not a text (control characters), or null. */
    public static String problem(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (isBadControl(text.charAt(i))) {
                return String.format("invalid text: control character U+%04X at character %d", (int) text.charAt(i), i);
            }
        }
        return null;
    }

    private static boolean isBadControl(int c) {
        return c < 0x20 && c != '\t' && c != '\n' && c != 0x0B && c != '\f' && c != '\r';
    }

    /** The text of {@code bytes} and its encoding; never throws (see {@link #problem(byte[])}). */
    public static Decoded decode(byte[] bytes) {
        int offset = hasUtf8Bom(bytes) ? 3 : 0;
        String s = strict(StandardCharsets.UTF_8, bytes, offset);
        if (s != null) {
            return new Decoded(s, UTF_8);
        }
        s = strict(GB, bytes, 0);
        if (s != null) {
            return new Decoded(s, GB18030);
        }
        CharsetDecoder lenient = CP1252.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        try {
            return new Decoded(lenient.decode(ByteBuffer.wrap(bytes)).toString(), WINDOWS_1252);
        } catch (CharacterCodingException e) {
            throw new IllegalStateException("windows-1252 with REPLACE cannot fail, but did", e);
        }
    }

    private static boolean hasUtf8Bom(byte[] b) {
        return b.length >= 3 && (b[0] & 0xff) == 0xEF && (b[1] & 0xff) == 0xBB && (b[2] & 0xff) == 0xBF;
    }

    private static String strict(Charset charset, byte[] bytes, int offset) {
        CharsetDecoder decoder = charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            CharBuffer chars = decoder.decode(ByteBuffer.wrap(bytes, offset, bytes.length - offset));
            return chars.toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
