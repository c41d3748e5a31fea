package io.sentifuse.text;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Reads a HuggingFace {@code tokenizer.json} into an {@link HfTokenizer}. Each component type is one entry in a
 * registry below (adding one = one class + one line). Its {@code truncation} and {@code padding} sections are
 * ignored on purpose: the caller gives the maximum length and batches pad dynamically (only {@code pad_id} is
 * kept, as the padding id). Anything unsupported or malformed is refused, naming the file and the field.
 */
final class TokenizerJson {

    @FunctionalInterface
    interface Reader<T> {
        T read(JsonNode node, String path, JsonFields json);
    }

    private static final Map<String, Reader<Normalizer>> NORMALIZERS = Map.of(
            "BertNormalizer", TokenizerJson::bertNormalizer,
            "Lowercase", (n, p, j) -> new SimpleNormalizers.Lowercase(),
            "StripAccents", (n, p, j) -> new SimpleNormalizers.StripAccents(),
            "NFC", (n, p, j) -> new SimpleNormalizers.UnicodeForm(java.text.Normalizer.Form.NFC),
            "NFD", (n, p, j) -> new SimpleNormalizers.UnicodeForm(java.text.Normalizer.Form.NFD),
            "NFKC", (n, p, j) -> new SimpleNormalizers.UnicodeForm(java.text.Normalizer.Form.NFKC),
            "NFKD", (n, p, j) -> new SimpleNormalizers.UnicodeForm(java.text.Normalizer.Form.NFKD),
            "Strip", (n, p, j) -> new SimpleNormalizers.Strip(j.bool(n, "strip_left", p + ".strip_left", true),
                    j.bool(n, "strip_right", p + ".strip_right", true)),
            "Sequence", (n, p, j) -> new SimpleNormalizers.Sequence(list(n, "normalizers", p, j, TokenizerJson::normalizer)));

    private static final Map<String, Reader<PreTokenizer>> PRE_TOKENIZERS = Map.of(
            "BertPreTokenizer", (n, p, j) -> new SimplePreTokenizers.Bert(),
            "WhitespaceSplit", (n, p, j) -> new SimplePreTokenizers.WhitespaceSplit(),
            "ByteLevel", (n, p, j) -> new ByteLevelPreTokenizer(j.bool(n, "add_prefix_space", p + ".add_prefix_space", true),
                    j.bool(n, "use_regex", p + ".use_regex", true)),
            "Sequence", (n, p, j) -> new SimplePreTokenizers.Sequence(list(n, "pretokenizers", p, j, TokenizerJson::preTokenizer)));

    private static final Map<String, Reader<Model>> MODELS = Map.of(
            "WordPiece", TokenizerJson::wordPiece,
            "BPE", BpeJson::read);

    /** Post-processors, reduced to the tokens they add around a single sequence. */
    private static final Map<String, Reader<Template>> PROCESSORS = Map.of(
            "TemplateProcessing", TemplateJson::template,
            "BertProcessing", (n, p, j) -> TemplateJson.pair(n, p, j, "BertProcessing"),
            "RobertaProcessing", (n, p, j) -> TemplateJson.pair(n, p, j, "RobertaProcessing"),
            "ByteLevel", (n, p, j) -> Template.NONE,
            "Sequence", TemplateJson::sequence);

    private TokenizerJson() {
    }

    static HfTokenizer read(JsonNode root, String file) {
        JsonFields json = new JsonFields(file);
        if (!root.isObject()) {
            throw json.error("(top level)", "expected a JSON object, found " + JsonFields.kind(root));
        }
        String version = json.string(root, "version", "version", "1.0");
        if (!version.equals("1.0")) {
            throw json.error("version", "'" + version + "' is not supported (expected 1.0)");
        }
        JsonNode modelNode = json.object(root, "model", "model");
        if (modelNode == null) {
            throw json.error("model", "missing: not a HuggingFace tokenizer.json (it has no model section)");
        }
        Model model = component(modelNode, "model", json, MODELS);
        JsonNode normalizerNode = json.object(root, "normalizer", "normalizer");
        Normalizer normalizer = normalizerNode == null ? null : component(normalizerNode, "normalizer", json, NORMALIZERS);
        JsonNode preNode = json.object(root, "pre_tokenizer", "pre_tokenizer");
        PreTokenizer preTokenizer = preNode == null ? null : component(preNode, "pre_tokenizer", json, PRE_TOKENIZERS);
        JsonNode postNode = json.object(root, "post_processor", "post_processor");
        Template template = postNode == null ? Template.NONE : component(postNode, "post_processor", json, PROCESSORS);
        AddedTokens added = addedTokens(root, model, normalizer, json);
        return new HfTokenizer(file, added, normalizer, preTokenizer, model, template, padId(root, model, json));
    }

    static Normalizer normalizer(JsonNode node, String path, JsonFields json) {
        return component(node, path, json, NORMALIZERS);
    }

    static PreTokenizer preTokenizer(JsonNode node, String path, JsonFields json) {
        return component(node, path, json, PRE_TOKENIZERS);
    }

    static Template processor(JsonNode node, String path, JsonFields json) {
        return component(node, path, json, PROCESSORS);
    }

    private static <T> T component(JsonNode node, String path, JsonFields json, Map<String, Reader<T>> registry) {
        if (!node.isObject()) {
            throw json.error(path, "expected an object, found " + JsonFields.kind(node));
        }
        String type = json.string(node, "type", path + ".type", null);
        if (type == null) {
            throw json.error(path + ".type", "missing (supported: " + String.join(", ", new TreeSet<>(registry.keySet())) + ")");
        }
        Reader<T> reader = registry.get(type);
        if (reader == null) {
            throw json.error(path + ".type", "'" + type + "' is not supported (supported: "
                    + String.join(", ", new TreeSet<>(registry.keySet())) + ")");
        }
        return reader.read(node, path, json);
    }

    static <T> List<T> list(JsonNode node, String field, String path, JsonFields json, Reader<T> reader) {
        JsonNode array = json.array(node, field, path + "." + field);
        List<T> out = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            out.add(reader.read(array.get(i), path + "." + field + "[" + i + "]", json));
        }
        return out;
    }

    private static Normalizer bertNormalizer(JsonNode n, String p, JsonFields j) {
        boolean lowercase = j.bool(n, "lowercase", p + ".lowercase", true);
        Boolean strip = j.optionalBool(n, "strip_accents", p + ".strip_accents");
        return new BertNormalizer(j.bool(n, "clean_text", p + ".clean_text", true),
                j.bool(n, "handle_chinese_chars", p + ".handle_chinese_chars", true),
                strip == null ? lowercase : strip, lowercase);
    }

    private static Model wordPiece(JsonNode n, String p, JsonFields j) {
        Map<String, Integer> vocab = vocab(n, p, j);
        String unk = j.string(n, "unk_token", p + ".unk_token", "[UNK]");
        if (!vocab.containsKey(unk)) {
            throw j.error(p + ".unk_token", "'" + unk + "' is not in the vocabulary");
        }
        int maxChars = j.integer(n, "max_input_chars_per_word", p + ".max_input_chars_per_word", 100);
        return new WordPiece(vocab, unk, j.string(n, "continuing_subword_prefix", p + ".continuing_subword_prefix", "##"),
                maxChars);
    }

    /** The {@code vocab} object of a model: token -> non-negative id, not empty. */
    static Map<String, Integer> vocab(JsonNode n, String p, JsonFields j) {
        JsonNode node = j.object(n, "vocab", p + ".vocab");
        if (node == null) {
            throw j.error(p + ".vocab", "missing (expected an object of token -> id)");
        }
        if (node.isEmpty()) {
            throw j.error(p + ".vocab", "the vocabulary is empty");
        }
        Map<String, Integer> vocab = new LinkedHashMap<>(node.size() * 2);
        var fields = node.fields();
        while (fields.hasNext()) {
            var e = fields.next();
            JsonNode id = e.getValue();
            if (!id.isIntegralNumber() || !id.canConvertToInt() || id.asInt() < 0) {
                throw j.error(p + ".vocab[\"" + e.getKey() + "\"]", "expected a non-negative integer id, found "
                        + JsonFields.kind(id));
            }
            vocab.put(e.getKey(), id.asInt());
        }
        return vocab;
    }

    private static AddedTokens addedTokens(JsonNode root, Model model, Normalizer normalizer, JsonFields json) {
        JsonNode array = root.get("added_tokens");
        if (array == null || array.isNull()) {
            return AddedTokens.NONE;
        }
        if (!array.isArray()) {
            throw json.error("added_tokens", "expected an array, found " + JsonFields.kind(array));
        }
        // HuggingFace gives an added token its vocabulary id when it has one, else the next id after the vocabulary.
        List<AddedTokens.Token> tokens = new ArrayList<>();
        Map<String, Integer> seen = new LinkedHashMap<>();
        int nextId = model.maxId() + 1;
        for (int i = 0; i < array.size(); i++) {
            JsonNode t = array.get(i);
            String p = "added_tokens[" + i + "]";
            if (!t.isObject()) {
                throw json.error(p, "expected an object, found " + JsonFields.kind(t));
            }
            String content = json.string(t, "content", p + ".content", null);
            if (content == null) {
                throw json.error(p + ".content", "missing");
            }
            if (content.isEmpty()) {
                continue;
            }
            boolean special = json.bool(t, "special", p + ".special", false);
            Integer id = seen.get(content);
            if (id == null) {
                id = model.tokenId(content);
            }
            if (id < 0) {
                id = nextId++;
            }
            seen.put(content, id);
            tokens.removeIf(existing -> existing.content().equals(content));
            tokens.add(new AddedTokens.Token(content, id, json.bool(t, "single_word", p + ".single_word", false),
                    json.bool(t, "lstrip", p + ".lstrip", false), json.bool(t, "rstrip", p + ".rstrip", false),
                    json.bool(t, "normalized", p + ".normalized", !special), special));
        }
        return new AddedTokens(tokens, normalizer, new Scratch());
    }

    private static long padId(JsonNode root, Model model, JsonFields json) {
        JsonNode padding = json.object(root, "padding", "padding");
        if (padding != null && padding.has("pad_id")) {
            return json.integer(padding, "pad_id", "padding.pad_id", 0);
        }
        for (String candidate : new String[] {"[PAD]", "<pad>"}) {
            int id = model.tokenId(candidate);
            if (id >= 0) {
                return id;
            }
        }
        return 0;
    }
}
