package io.sentifuse.text;

import com.fasterxml.jackson.databind.JsonNode;
import io.sentifuse.errors.UserInputException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A BERT {@code vocab.txt} (one token per line, id = line number) turned into the tokenizer that HuggingFace's
 * {@code BertTokenizerFast} builds from it: BertNormalizer, BertPreTokenizer, WordPiece, {@code [CLS] $A [SEP]},
 * the special tokens as added tokens matched in the raw text. Casing comes from the caller or from the
 * {@code tokenizer_config.json} beside the file.
 */
final class VocabTxt {

    /** How the text is normalized; {@code stripAccents} null follows {@code lowercase}, as in HuggingFace. */
    record Casing(boolean lowercase, Boolean stripAccents, boolean tokenizeChineseChars) {

        static final Casing UNCASED = new Casing(true, null, true);
    }

    /** Special token names, defaulting to BERT's. */
    record Specials(String unk, String cls, String sep, String pad, String mask) {

        static final Specials BERT = new Specials("[UNK]", "[CLS]", "[SEP]", "[PAD]", "[MASK]");
    }

    private VocabTxt() {
    }

    static HfTokenizer build(String file, List<String> lines, Casing casing, Specials specials) {
        if (lines.isEmpty()) {
            throw new UserInputException(file + ": the vocabulary is empty (expected one token per line)");
        }
        Map<String, Integer> vocab = new LinkedHashMap<>(lines.size() * 2);
        for (int i = 0; i < lines.size(); i++) {
            vocab.put(lines.get(i), i);
        }
        for (String required : new String[] {specials.unk(), specials.cls(), specials.sep()}) {
            if (!vocab.containsKey(required)) {
                throw new UserInputException(file + ": the special token " + required
                        + " is not in the vocabulary (a BERT vocab.txt needs " + specials.unk() + ", "
                        + specials.cls() + " and " + specials.sep() + ")");
            }
        }
        BertNormalizer normalizer = new BertNormalizer(true, casing.tokenizeChineseChars(),
                casing.stripAccents() == null ? casing.lowercase() : casing.stripAccents(), casing.lowercase());
        List<AddedTokens.Token> added = new ArrayList<>();
        for (String special : new String[] {specials.pad(), specials.unk(), specials.cls(), specials.sep(), specials.mask()}) {
            Integer id = vocab.get(special);
            if (id != null && added.stream().noneMatch(t -> t.content().equals(special))) {
                added.add(new AddedTokens.Token(special, id, false, false, false, false, true));
            }
        }
        added.sort(java.util.Comparator.comparingInt(AddedTokens.Token::id));
        WordPiece model = new WordPiece(vocab, specials.unk(), "##", 100);
        Template template = Template.wrap(vocab.get(specials.cls()), vocab.get(specials.sep()),
                "BERT(" + specials.cls() + " $A " + specials.sep() + ")");
        Integer pad = vocab.get(specials.pad());
        return new HfTokenizer(file, new AddedTokens(added, normalizer, new Scratch()), normalizer,
                new SimplePreTokenizers.Bert(), model, template, pad == null ? 0 : pad);
    }

    /** Casing and special tokens from a transformers {@code tokenizer_config.json}. */
    static Casing casing(JsonNode config, JsonFields json) {
        boolean lowercase = json.bool(config, "do_lower_case", "do_lower_case", true);
        return new Casing(lowercase, json.optionalBool(config, "strip_accents", "strip_accents"),
                json.bool(config, "tokenize_chinese_chars", "tokenize_chinese_chars", true));
    }

    static Specials specials(JsonNode config, JsonFields json) {
        Specials d = Specials.BERT;
        return new Specials(special(config, "unk_token", d.unk(), json), special(config, "cls_token", d.cls(), json),
                special(config, "sep_token", d.sep(), json), special(config, "pad_token", d.pad(), json),
                special(config, "mask_token", d.mask(), json));
    }

    /** A special token is a string or an AddedToken object with a {@code content}. */
    private static String special(JsonNode config, String field, String fallback, JsonFields json) {
        JsonNode node = config.get(field);
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (node.isTextual()) {
            return node.asText();
        }
        if (node.isObject() && node.path("content").isTextual()) {
            return node.get("content").asText();
        }
        throw json.error(field, "expected a token string or an object with \"content\", found " + JsonFields.kind(node));
    }
}
