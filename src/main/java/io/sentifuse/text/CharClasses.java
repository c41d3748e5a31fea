package io.sentifuse.text;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer.Form;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The character classes HuggingFace {@code tokenizers} uses, by code point, as HF has them rather than as the
 * JDK does: HF's tables come from several Unicode versions (control, punctuation and non-spacing marks from
 * Unicode 9; the byte-level regex's letters and numbers and the lower-case mapping from much newer ones), so
 * {@link Character} disagrees with them on hundreds of code points. They are read off HF itself into
 * {@code hf-unicode-classes.txt} (see {@code UnicodeTablesGenerator} in the tests). The CJK ranges of
 * BertNormalizer are fixed in HF's source and written here.
 */
final class CharClasses {

    /** Dropped by BertNormalizer's clean_text: Cc, Cf, Co (Unicode 9), NUL, U+FFFD; never \t \n \r. */
    static final int CONTROL = 1;
    /** Rust's {@code char::is_whitespace} (Unicode White_Space); also the byte-level regex's {@code \s}. */
    static final int WHITESPACE = 2;
    /** BertPreTokenizer's punctuation: ASCII punctuation and Unicode 9's P* categories. */
    static final int PUNCTUATION = 4;
    /** BertNormalizer's "Chinese characters": the CJK ideograph blocks. */
    static final int CHINESE = 8;
    /** Removed after NFD by BertNormalizer's strip_accents (Mn). */
    static final int NONSPACING_MARK = 16;
    /** Removed by the StripAccents normalizer (any combining mark). */
    static final int MARK = 32;
    /** The byte-level regex's {@code \p{L}}. */
    static final int LETTER = 64;
    /** The byte-level regex's {@code \p{N}}. */
    static final int NUMBER = 128;

    private static final String RESOURCE = "hf-unicode-classes.txt";
    private static final byte[] FLAGS = new byte[Character.MAX_CODE_POINT + 1];
    private static final int[] LOWER_KEYS;
    private static final String[] LOWER_VALUES;
    private static final Map<Form, BitSet> UNCHANGED = new EnumMap<>(Form.class);

    static {
        List<int[]> lower = new ArrayList<>();
        List<String> lowerText = new ArrayList<>();
        try (InputStream in = CharClasses.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("class path resource io/sentifuse/text/" + RESOURCE + " is missing");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
            String section = null;
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                if (line.startsWith("@")) {
                    section = line.substring(1);
                    continue;
                }
                String[] f = line.split(" ");
                int first = Integer.parseInt(f[0], 16);
                if ("lowercase".equals(section)) {
                    StringBuilder value = new StringBuilder();
                    for (int k = 1; k < f.length; k++) {
                        value.appendCodePoint(Integer.parseInt(f[k], 16));
                    }
                    lower.add(new int[] {first});
                    lowerText.add(value.toString());
                } else if (section != null && section.endsWith("_unchanged")) {
                    Form form = Form.valueOf(section.substring(0, section.indexOf('_')).toUpperCase(java.util.Locale.ROOT));
                    UNCHANGED.computeIfAbsent(form, k -> new BitSet()).set(first);
                } else {
                    int flag = flag(section);
                    for (int cp = first, last = Integer.parseInt(f[1], 16); cp <= last; cp++) {
                        FLAGS[cp] |= (byte) flag;
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read class path resource " + RESOURCE, e);
        }
        LOWER_KEYS = lower.stream().mapToInt(a -> a[0]).toArray();
        LOWER_VALUES = lowerText.toArray(new String[0]);
        int[][] cjk = {{0x4E00, 0x9FFF}, {0x3400, 0x4DBF}, {0x20000, 0x2A6DF}, {0x2A700, 0x2B73F},
            {0x2B740, 0x2B81F}, {0x2B920, 0x2CEAF}, {0xF900, 0xFAFF}, {0x2F800, 0x2FA1F}};
        for (int[] range : cjk) {
            for (int cp = range[0]; cp <= range[1]; cp++) {
                FLAGS[cp] |= CHINESE;
            }
        }
    }

    private CharClasses() {
    }

    private static int flag(String section) {
        return switch (section == null ? "" : section) {
            case "control" -> CONTROL;
            case "whitespace" -> WHITESPACE;
            case "punctuation" -> PUNCTUATION;
            case "nonspacing_mark" -> NONSPACING_MARK;
            case "mark" -> MARK;
            case "letter" -> LETTER;
            case "number" -> NUMBER;
            default -> throw new IllegalStateException(RESOURCE + ": unknown section @" + section);
        };
    }

    static boolean is(int cp, int flag) {
        return (FLAGS[cp] & flag) != 0;
    }

    /** All flags of a code point (a lone surrogate has none). */
    static int flags(int cp) {
        return FLAGS[cp];
    }

    /** Rust's {@code char::to_lowercase}, one code point at a time (no context: a final sigma stays σ). */
    static void appendLowerCase(int cp, StringBuilder out) {
        if (cp < 0x80) {
            out.append((char) (cp >= 'A' && cp <= 'Z' ? cp + 32 : cp));
            return;
        }
        int i = Arrays.binarySearch(LOWER_KEYS, cp);
        if (i >= 0) {
            out.append(LOWER_VALUES[i]);
        } else {
            out.appendCodePoint(cp);
        }
    }

    /**
     * {@code form} of {@code text} as HF computes it: the JDK's normalizer, except for the few code points that
     * HF's older tables leave alone (all of them starters, so the text is normalized around them).
     */
    static String normalize(CharSequence text, Form form) {
        BitSet keep = UNCHANGED.get(form);
        if (keep == null || !contains(text, keep)) {
            return java.text.Normalizer.normalize(text, form);
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        int segment = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = Character.codePointAt(text, i);
            int next = i + Character.charCount(cp);
            if (keep.get(cp)) {
                out.append(java.text.Normalizer.normalize(text.subSequence(segment, i), form)).appendCodePoint(cp);
                segment = next;
            }
            i = next;
        }
        return out.append(java.text.Normalizer.normalize(text.subSequence(segment, text.length()), form)).toString();
    }

    private static boolean contains(CharSequence text, BitSet set) {
        for (int i = 0; i < text.length(); ) {
            int cp = Character.codePointAt(text, i);
            if (set.get(cp)) {
                return true;
            }
            i += Character.charCount(cp);
        }
        return false;
    }
}
