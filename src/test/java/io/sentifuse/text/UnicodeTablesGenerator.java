package io.sentifuse.text;

import io.sentifuse.files.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.TreeMap;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * Regenerates {@code src/main/resources/io/sentifuse/text/hf-unicode-classes.txt}: HuggingFace tokenizers'
 * character classes, read off the real library (DJL) one code point at a time through {@link ProbeTokenizer}s.
 * Why data and not {@link Character}: HF mixes Unicode versions (unicode_categories 0.1.1 for control,
 * punctuation and non-spacing marks; Oniguruma for the byte-level regex's letters and numbers; Rust's standard
 * library for lower-casing; unicode-normalization-alignments for NFD and combining marks) and none of them is the
 * JDK's. A program, not a test, so that no test run counts it or rewrites the file; run {@link #COMMAND} from the
 * repository root (about 3 minutes).
 */
public final class UnicodeTablesGenerator {

    /** Builds the test classpath into target/ and runs this class (as CONTRIBUTING.md documents). */
    static final String COMMAND = "mvn -B -o -q test-compile dependency:build-classpath -Dmdep.includeScope=test"
            + " -Dmdep.outputFile=target/test-classpath.txt && java -cp"
            + " \"target/test-classes:target/classes:$(cat target/test-classpath.txt)\" io.sentifuse.text.UnicodeTablesGenerator";
    private static final Path OUT = Path.of("src/main/resources/io/sentifuse/text/hf-unicode-classes.txt");
    private static final String BERT = "{\"type\":\"BertNormalizer\",\"clean_text\":%s,\"handle_chinese_chars\":false,"
            + "\"strip_accents\":%s,\"lowercase\":%s}";

    private final Path dir;

    private UnicodeTablesGenerator(Path dir) {
        this.dir = dir;
    }

    public static void main(String[] args) throws IOException {
        Path dir = Files.createTempDirectory("unicode-tables-");
        try {
            new UnicodeTablesGenerator(dir).generate();
        } finally {
            AtomicFiles.deleteTree(dir);
        }
    }

    /** The generator's own consistency checks: HF's classes must agree where the tables assume they do. */
    private static void check(boolean ok, Supplier<String> problem) {
        if (!ok) {
            throw new IllegalStateException(problem.get());
        }
    }

    private void generate() throws IOException {
        List<Integer> cps = new ArrayList<>();
        for (int c = 0; c <= Character.MAX_CODE_POINT; c++) {
            if (c < Character.MIN_SURROGATE || c > Character.MAX_SURROGATE) {
                cps.add(c);
            }
        }
        IntFunction<String> around = c -> "x" + str(c) + "Y";
        List<String> clean = texts(probe("clean", String.format(BERT, true, false, false), null), cps, around);
        List<String> strip = texts(probe("strip", String.format(BERT, false, true, false), null), cps, around);
        List<String> marks = texts(probe("marks", "{\"type\":\"StripAccents\"}", null), cps, around);
        List<long[]> bert = ids(probe("bertpre", "null", "{\"type\":\"BertPreTokenizer\"}"), cps, around);
        BitSet control = new BitSet();
        BitSet whitespace = new BitSet();
        BitSet punctuation = new BitSet();
        BitSet nonspacing = new BitSet();
        BitSet mark = new BitSet();
        for (int i = 0; i < cps.size(); i++) {
            int c = cps.get(i);
            control.set(c, clean.get(i).equals("xY"));
            nonspacing.set(c, strip.get(i).equals("xY"));
            mark.set(c, marks.get(i).equals("xY"));
            int pieces = ProbeTokenizer.pieces(bert.get(i));
            punctuation.set(c, pieces == 3);
            // Split on by BertPreTokenizer; BertNormalizer turns the same set into spaces, bar the controls it drops.
            whitespace.set(c, pieces == 2);
            boolean spaced = clean.get(i).equals("x Y");
            check((whitespace.get(c) && !control.get(c)) == spaced, () -> "whitespace sets differ at " + hex(c));
        }
        BitSet letter = new BitSet();
        BitSet number = new BitSet();
        Path byteLevel = ProbeTokenizer.write(dir, "bytelevel", ProbeTokenizer.withPreTokenizer("null",
                "{\"type\":\"ByteLevel\",\"add_prefix_space\":false,\"trim_offsets\":false,\"use_regex\":true}"));
        List<long[]> afterLetter = ids(byteLevel, cps, c -> "a" + str(c));
        List<long[]> afterNumber = ids(byteLevel, cps, c -> "1" + str(c));
        List<long[]> afterOther = ids(byteLevel, cps, c -> "!" + str(c));
        for (int i = 0; i < cps.size(); i++) {
            int c = cps.get(i);
            boolean l = ProbeTokenizer.pieces(afterLetter.get(i)) == 1;
            boolean n = ProbeTokenizer.pieces(afterNumber.get(i)) == 1;
            boolean o = ProbeTokenizer.pieces(afterOther.get(i)) == 1;
            check((l ? 1 : 0) + (n ? 1 : 0) + (o ? 1 : 0) <= 1, () -> "ambiguous regex class at " + hex(c));
            letter.set(c, l);
            number.set(c, n);
            boolean space = !l && !n && !o;
            check(whitespace.get(c) == space, () -> "the byte-level regex's \\s differs from White_Space at " + hex(c));
        }
        TreeMap<Integer, String> lower = new TreeMap<>();
        List<String> lowered = texts(probe("lower", "{\"type\":\"Lowercase\"}", null), cps, UnicodeTablesGenerator::str);
        for (int i = 0; i < cps.size(); i++) {
            if (!lowered.get(i).equals(str(cps.get(i)))) {
                lower.put(cps.get(i), lowered.get(i));
            }
        }
        StringBuilder out = new StringBuilder();
        out.append("# HuggingFace tokenizers' character classes by code point, read off tokenizers ")
                .append("(Rust, through DJL 0.38) one code point at a time.\n")
                .append("# Generated by: ").append(COMMAND).append("\n")
                .append("# Do not edit. Sections: ranges (first last, hex, inclusive); @lowercase: code point, then its ")
                .append("lower case; @*_unchanged: code points HF leaves as they are under that form though the JDK does not.\n");
        section(out, "control", control);
        section(out, "whitespace", whitespace);
        section(out, "punctuation", punctuation);
        section(out, "nonspacing_mark", nonspacing);
        section(out, "mark", mark);
        section(out, "letter", letter);
        section(out, "number", number);
        out.append("@lowercase\n");
        lower.forEach((c, s) -> out.append(hex(c)).append(' ').append(hexes(s)).append('\n'));
        for (String form : new String[] {"NFD", "NFKD", "NFC", "NFKC"}) {
            List<String> hf = texts(probe(form, "{\"type\":\"" + form + "\"}", null), cps, UnicodeTablesGenerator::str);
            java.text.Normalizer.Form f = java.text.Normalizer.Form.valueOf(form);
            out.append('@').append(form.toLowerCase(java.util.Locale.ROOT)).append("_unchanged\n");
            for (int i = 0; i < cps.size(); i++) {
                String s = str(cps.get(i));
                String jdk = java.text.Normalizer.normalize(s, f);
                if (!hf.get(i).equals(jdk)) {
                    int c = cps.get(i);
                    check(s.equals(hf.get(i)), () -> form + " of " + hex(c) + ": HF and the JDK decompose differently");
                    out.append(hex(c)).append('\n');
                }
            }
        }
        Files.writeString(OUT, out.toString());
    }

    private Path probe(String name, String normalizer, String splitter) {
        return ProbeTokenizer.write(dir, name, ProbeTokenizer.json(normalizer, splitter));
    }

    private static List<long[]> ids(Path tokenizer, List<Integer> cps, IntFunction<String> text) {
        List<String> texts = new ArrayList<>(cps.size());
        for (int c : cps) {
            texts.add(text.apply(c));
        }
        try (HfReference ref = HfReference.load(tokenizer)) {
            List<long[]> out = new ArrayList<>(cps.size());
            ref.encodeAll(texts).forEach(e -> out.add(e.getIds()));
            return out;
        }
    }

    private static List<String> texts(Path tokenizer, List<Integer> cps, IntFunction<String> text) {
        List<String> out = new ArrayList<>(cps.size());
        ids(tokenizer, cps, text).forEach(ids -> out.add(ProbeTokenizer.text(ids)));
        return out;
    }

    private static void section(StringBuilder out, String name, BitSet set) {
        out.append('@').append(name).append('\n');
        for (int a = set.nextSetBit(0); a >= 0; ) {
            int b = set.nextClearBit(a);
            out.append(hex(a)).append(' ').append(hex(b - 1)).append('\n');
            a = set.nextSetBit(b);
        }
    }

    private static String str(int c) {
        return new String(Character.toChars(c));
    }

    private static String hex(int c) {
        return String.format("%04X", c);
    }

    private static String hexes(String s) {
        StringBuilder b = new StringBuilder();
        s.codePoints().forEach(c -> b.append(b.length() == 0 ? "" : " ").append(hex(c)));
        return b.toString();
    }
}
