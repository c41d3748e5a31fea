package io.sentifuse.text;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** Reads the post-processors of tokenizer.json (single-sequence part) into a {@link Template}. */
final class TemplateJson {

    private TemplateJson() {
    }

    /** {@code BertProcessing} / {@code RobertaProcessing}: {@code cls} and {@code sep} as [token, id] pairs. */
    static Template pair(JsonNode n, String p, JsonFields j, String type) {
        int cls = tokenId(n, "cls", p, j);
        int sep = tokenId(n, "sep", p, j);
        return Template.wrap(cls, sep, type + "(" + n.get("cls").get(0).asText() + " $A " + n.get("sep").get(0).asText() + ")");
    }

    private static int tokenId(JsonNode n, String field, String p, JsonFields j) {
        JsonNode pair = n.get(field);
        if (pair == null || !pair.isArray() || pair.size() != 2 || !pair.get(0).isTextual()
                || !pair.get(1).isIntegralNumber() || pair.get(1).asInt() < 0) {
            throw j.error(p + "." + field, "expected [token, non-negative id], found " + JsonFields.kind(pair));
        }
        return pair.get(1).asInt();
    }

    /** {@code TemplateProcessing}: the {@code single} template with ids from {@code special_tokens}. */
    static Template template(JsonNode n, String p, JsonFields j) {
        JsonNode single = j.array(n, "single", p + ".single");
        JsonNode specials = j.object(n, "special_tokens", p + ".special_tokens");
        List<Integer> prefix = new ArrayList<>();
        List<Integer> prefixTypes = new ArrayList<>();
        List<Integer> suffix = new ArrayList<>();
        List<Integer> suffixTypes = new ArrayList<>();
        int sequenceType = -1;
        StringBuilder shape = new StringBuilder("TemplateProcessing(");
        for (int i = 0; i < single.size(); i++) {
            JsonNode item = single.get(i);
            String ip = p + ".single[" + i + "]";
            if (item.has("Sequence")) {
                JsonNode seq = item.get("Sequence");
                String id = j.string(seq, "id", ip + ".Sequence.id", "A");
                if (!id.equals("A") || sequenceType >= 0) {
                    throw j.error(ip, "a single-sequence template holds $A exactly once, found " + JsonFields.kind(item));
                }
                sequenceType = j.integer(seq, "type_id", ip + ".Sequence.type_id", 0);
                shape.append(i == 0 ? "" : " ").append("$A");
            } else if (item.has("SpecialToken")) {
                JsonNode special = item.get("SpecialToken");
                String name = j.string(special, "id", ip + ".SpecialToken.id", null);
                int type = j.integer(special, "type_id", ip + ".SpecialToken.type_id", 0);
                JsonNode entry = specials == null || name == null ? null : specials.get(name);
                if (entry == null || !entry.has("ids") || !entry.get("ids").isArray()) {
                    throw j.error(ip, "special token " + name + " has no ids in " + p + ".special_tokens");
                }
                for (JsonNode id : entry.get("ids")) {
                    if (!id.isIntegralNumber() || id.asInt() < 0) {
                        throw j.error(p + ".special_tokens." + name + ".ids", "expected non-negative integers, found "
                                + JsonFields.kind(id));
                    }
                    (sequenceType < 0 ? prefix : suffix).add(id.asInt());
                    (sequenceType < 0 ? prefixTypes : suffixTypes).add(type);
                }
                shape.append(i == 0 ? "" : " ").append(name);
            } else {
                throw j.error(ip, "expected a Sequence or SpecialToken item, found " + JsonFields.kind(item));
            }
        }
        if (sequenceType < 0) {
            throw j.error(p + ".single", "the template has no $A");
        }
        return new Template(ints(prefix), ints(prefixTypes), sequenceType, ints(suffix), ints(suffixTypes),
                shape.append(')').toString());
    }

    /** {@code Sequence}: byte-level offset fixing plus at most one processor that adds tokens. */
    static Template sequence(JsonNode n, String p, JsonFields j) {
        List<Template> steps = TokenizerJson.list(n, "processors", p, j, TokenizerJson::processor);
        Template result = Template.NONE;
        for (Template t : steps) {
            if (t.added() > 0 || t.sequenceType() != 0) {
                if (result != Template.NONE) {
                    throw j.error(p + ".processors", "more than one processor adds special tokens; not supported");
                }
                result = t;
            }
        }
        return result;
    }

    private static int[] ints(List<Integer> values) {
        return values.stream().mapToInt(Integer::intValue).toArray();
    }
}
