package io.sentifuse.text;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sentifuse.files.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Small BPE tokenizer.json files for tests, trained here on an invented corpus (no real RoBERTa tokenizer is
 * available offline): a RoBERTa-style byte-level one and character-level ones with prefixes, suffixes, unknown
 * tokens and byte fallback. The trainer is plain BPE (most frequent pair, ties by the pair's text) and only has
 * to produce realistic merges: the tests compare our encoder with HuggingFace's on the same file.
 */
final class SyntheticBpe {

    private SyntheticBpe() {
    }

    /** RoBERTa's layout: byte-level pre-tokenizer, {@code <s> $A </s>}, {@code <mask>} with lstrip. */
    static String roberta(int merges, boolean addPrefixSpace, boolean mergesAsPairs, boolean template, boolean ignoreMerges) {
        ByteLevelPreTokenizer pre = new ByteLevelPreTokenizer(false, true);
        List<List<String>> words = new ArrayList<>();
        for (String line : corpus()) {
            Pieces pieces = new Pieces();
            pre.split(line, 0, line.length(), pieces, new Scratch());
            for (int p = 0; p < pieces.count(); p++) {
                String piece = pieces.chars.substring(pieces.start(p), pieces.end(p));
                words.add(piece.codePoints().mapToObj(Character::toString).toList());
            }
        }
        Map<String, Integer> vocab = new LinkedHashMap<>();
        for (String s : new String[] {"<s>", "<pad>", "</s>", "<unk>"}) {
            vocab.put(s, vocab.size());
        }
        for (int b = 0; b < 256; b++) {
            vocab.put(String.valueOf(ByteLevelPreTokenizer.byteChar(b)), vocab.size());
        }
        List<String[]> learned = train(words, merges, (a, b) -> a + b);
        learned.forEach(m -> vocab.putIfAbsent(m[0] + m[1], vocab.size()));
        vocab.put("<mask>", vocab.size());
        ObjectNode root = header();
        ArrayNode added = root.putArray("added_tokens");
        addToken(added, "<s>", 0, false, true);
        addToken(added, "<pad>", 1, false, true);
        addToken(added, "</s>", 2, false, true);
        addToken(added, "<unk>", 3, false, true);
        addToken(added, "<mask>", vocab.get("<mask>"), true, false);
        root.putNull("normalizer");
        ObjectNode preNode = root.putObject("pre_tokenizer");
        preNode.put("type", "ByteLevel").put("add_prefix_space", addPrefixSpace).put("trim_offsets", true).put("use_regex", true);
        ObjectNode post = root.putObject("post_processor");
        if (template) {
            post.put("type", "TemplateProcessing");
            ArrayNode single = post.putArray("single");
            single.addObject().putObject("SpecialToken").put("id", "<s>").put("type_id", 0);
            single.addObject().putObject("Sequence").put("id", "A").put("type_id", 1);
            single.addObject().putObject("SpecialToken").put("id", "</s>").put("type_id", 1);
            post.putArray("pair");
            ObjectNode specials = post.putObject("special_tokens");
            for (Object[] special : new Object[][] {{"<s>", 0}, {"</s>", 2}}) {
                ObjectNode entry = specials.putObject((String) special[0]);
                entry.put("id", (String) special[0]);
                entry.putArray("ids").add((Integer) special[1]);
                entry.putArray("tokens").add((String) special[0]);
            }
        } else {
            post.put("type", "RobertaProcessing");
            post.putArray("sep").add("</s>").add(2);
            post.putArray("cls").add("<s>").add(0);
            post.put("trim_offsets", true).put("add_prefix_space", addPrefixSpace);
        }
        root.putObject("decoder").put("type", "ByteLevel").put("add_prefix_space", true).put("trim_offsets", true)
                .put("use_regex", true);
        ObjectNode model = root.putObject("model");
        model.put("type", "BPE").putNull("dropout");
        model.putNull("unk_token");
        model.put("continuing_subword_prefix", "").put("end_of_word_suffix", "").put("fuse_unk", false)
                .put("byte_fallback", false).put("ignore_merges", ignoreMerges);
        putVocabAndMerges(model, vocab, learned, mergesAsPairs);
        return root.toString();
    }

    /**
     * Character-level BPE over lower-cased, whitespace-split text: {@code ##} before non-initial symbols,
     * {@code </w>} after final ones, {@code <unk>} for characters outside the corpus (fused or not), optionally
     * byte fallback ({@code <0xNN>} tokens for {@code fallbackBytes} of the 256 bytes).
     */
    static String characterLevel(int merges, boolean fuseUnk, int fallbackBytes, boolean withUnk) {
        String prefix = "##";
        String suffix = "</w>";
        List<List<String>> words = new ArrayList<>();
        Map<String, Integer> vocab = new LinkedHashMap<>();
        vocab.put("<unk>", 0);
        vocab.put("<s>", 1);
        vocab.put("</s>", 2);
        for (int b = 0; b < fallbackBytes; b++) {
            vocab.put(String.format("<0x%02X>", b), vocab.size());
        }
        for (String line : corpus()) {
            for (String w : line.toLowerCase(java.util.Locale.ROOT).split("\\s+")) {
                if (w.isEmpty()) {
                    continue;
                }
                List<String> symbols = new ArrayList<>();
                int[] cps = w.codePoints().toArray();
                for (int i = 0; i < cps.length; i++) {
                    String s = (i > 0 ? prefix : "") + Character.toString(cps[i]) + (i == cps.length - 1 ? suffix : "");
                    symbols.add(s);
                    vocab.putIfAbsent(s, vocab.size());
                }
                words.add(symbols);
            }
        }
        Function<String, String> stripPrefix = b -> b.startsWith(prefix) ? b.substring(prefix.length()) : b;
        List<String[]> learned = train(words, merges, (a, b) -> a + stripPrefix.apply(b));
        learned.forEach(m -> vocab.putIfAbsent(m[0] + stripPrefix.apply(m[1]), vocab.size()));
        ObjectNode root = header();
        ArrayNode added = root.putArray("added_tokens");
        addToken(added, "<unk>", 0, false, true);
        ObjectNode normalizer = root.putObject("normalizer");
        normalizer.put("type", "Sequence").putArray("normalizers").addObject().put("type", "NFC");
        ((ArrayNode) normalizer.get("normalizers")).addObject().put("type", "Lowercase");
        root.putObject("pre_tokenizer").put("type", "WhitespaceSplit");
        ObjectNode post = root.putObject("post_processor");
        post.put("type", "BertProcessing");
        post.putArray("sep").add("</s>").add(2);
        post.putArray("cls").add("<s>").add(1);
        root.putNull("decoder");
        ObjectNode model = root.putObject("model");
        model.put("type", "BPE").putNull("dropout");
        if (withUnk) {
            model.put("unk_token", "<unk>");
        } else {
            model.putNull("unk_token");
        }
        model.put("continuing_subword_prefix", prefix).put("end_of_word_suffix", suffix).put("fuse_unk", fuseUnk)
                .put("byte_fallback", fallbackBytes > 0);
        putVocabAndMerges(model, vocab, learned, false);
        return root.toString();
    }

    /**
     * {@code json} with more added tokens (content, single_word, lstrip, rstrip, normalized), given the next free
     * ids, and optionally its post-processor wrapped in a {@code Sequence} after a {@code ByteLevel} one.
     */
    static String withAddedTokens(String json, boolean sequenceProcessor, Object[]... tokens) {
        try {
            ObjectNode root = (ObjectNode) Json.mapper().readTree(json);
            int next = 0;
            var ids = root.get("model").get("vocab").elements();
            while (ids.hasNext()) {
                next = Math.max(next, ids.next().asInt() + 1);
            }
            ArrayNode added = (ArrayNode) root.get("added_tokens");
            for (Object[] t : tokens) {
                added.addObject().put("id", next++).put("content", (String) t[0]).put("single_word", (Boolean) t[1])
                        .put("lstrip", (Boolean) t[2]).put("rstrip", (Boolean) t[3]).put("normalized", (Boolean) t[4])
                        .put("special", false);
            }
            if (sequenceProcessor) {
                ObjectNode sequence = Json.mapper().createObjectNode().put("type", "Sequence");
                ArrayNode steps = sequence.putArray("processors");
                steps.addObject().put("type", "ByteLevel").put("add_prefix_space", false).put("trim_offsets", true)
                        .put("use_regex", true);
                steps.add(root.get("post_processor"));
                root.set("post_processor", sequence);
            }
            return root.toString();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static ObjectNode header() {
        ObjectNode root = Json.mapper().createObjectNode();
        root.put("version", "1.0");
        root.putNull("truncation");
        root.putNull("padding");
        return root;
    }

    private static void addToken(ArrayNode added, String content, int id, boolean lstrip, boolean normalized) {
        added.addObject().put("id", id).put("content", content).put("single_word", false).put("lstrip", lstrip)
                .put("rstrip", false).put("normalized", normalized).put("special", true);
    }

    private static void putVocabAndMerges(ObjectNode model, Map<String, Integer> vocab, List<String[]> merges,
            boolean asPairs) {
        ObjectNode v = model.putObject("vocab");
        vocab.forEach(v::put);
        ArrayNode m = model.putArray("merges");
        for (String[] pair : merges) {
            if (asPairs) {
                m.addArray().add(pair[0]).add(pair[1]);
            } else {
                m.add(pair[0] + " " + pair[1]);
            }
        }
    }

    /** Plain BPE training: merge the most frequent adjacent pair, {@code count} times. */
    private static List<String[]> train(List<List<String>> words, int count,
            java.util.function.BinaryOperator<String> join) {
        List<List<String>> current = new ArrayList<>();
        words.forEach(w -> current.add(new ArrayList<>(w)));
        List<String[]> merges = new ArrayList<>();
        for (int round = 0; round < count; round++) {
            TreeMap<String, Integer> counts = new TreeMap<>();
            for (List<String> w : current) {
                for (int i = 0; i + 1 < w.size(); i++) {
                    counts.merge(w.get(i) + "\u0000" + w.get(i + 1), 1, Integer::sum);
                }
            }
            if (counts.isEmpty()) {
                break;
            }
            String best = counts.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
            String[] pair = best.split("\u0000", -1);
            merges.add(pair);
            String merged = join.apply(pair[0], pair[1]);
            for (List<String> w : current) {
                for (int i = 0; i + 1 < w.size(); i++) {
                    if (w.get(i).equals(pair[0]) && w.get(i + 1).equals(pair[1])) {
                        w.set(i, merged);
                        w.remove(i + 1);
                    }
                }
            }
        }
        return merges;
    }

    /** Invented training text: the golden sentences plus plain English, repeated words and contractions. */
    static List<String> corpus() {
        List<String> lines = new ArrayList<>(GoldenSentences.ALL);
        lines.add("the quick brown fox jumps over the lazy dog and the other dog doesn't care");
        lines.add("she's here, they're there, we've gone, I'm done, you'll see, he'd know, it's fine");
        lines.add("aaaa aaa aa banana bandana cabana nana anna hannah ababab abab");
        lines.add("tokenization tokenizer tokens token tokenize retokenize detokenize");
        lines.add("1234567890 2024 2023 100 1000 10000 3.14 42");
        return lines;
    }
}
