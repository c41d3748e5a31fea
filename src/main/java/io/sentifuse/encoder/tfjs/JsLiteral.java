package io.sentifuse.encoder.tfjs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Reads one JavaScript literal value (object, array, string, number, boolean, null) as a Jackson tree. Handles
 * what minifiers emit beyond JSON: unquoted keys, single-quoted strings, {@code !0}/{@code !1} for true/false,
 * {@code void 0}, numbers such as {@code .5} and {@code -.5}. Not a JavaScript parser: no expressions.
 */
final class JsLiteral {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final String text;
    private int pos;

    private JsLiteral(String text, int pos) {
        this.text = text;
        this.pos = pos;
    }

    /** The literal starting at {@code start} (leading whitespace allowed). */
    static JsonNode parse(String text, int start) {
        return new JsLiteral(text, start).value();
    }

    private JsonNode value() {
        skipSpace();
        char c = peek();
        switch (c) {
            case '{':
                return object();
            case '[':
                return array();
            case '"':
            case '\'':
                return NODES.textNode(string());
            case '!':
                pos++;
                char d = next();
                if (d == '0' || d == '1') {
                    return NODES.booleanNode(d == '0');
                }
                throw error("expected !0 or !1");
            default:
                if (c == '-' || c == '.' || Character.isDigit(c)) {
                    return number();
                }
                String word = identifier();
                return switch (word) {
                    case "true" -> NODES.booleanNode(true);
                    case "false" -> NODES.booleanNode(false);
                    case "null", "undefined" -> NODES.nullNode();
                    case "void" -> {
                        skipSpace();
                        number();
                        yield NODES.nullNode();
                    }
                    case "NaN" -> NODES.numberNode(Double.NaN);
                    case "Infinity" -> NODES.numberNode(Double.POSITIVE_INFINITY);
                    default -> throw error("unexpected '" + word + "'");
                };
        }
    }

    private ObjectNode object() {
        ObjectNode node = NODES.objectNode();
        pos++;
        skipSpace();
        if (peek() == '}') {
            pos++;
            return node;
        }
        while (true) {
            skipSpace();
            char c = peek();
            String key = c == '"' || c == '\'' ? string() : Character.isDigit(c) ? number().asText() : identifier();
            skipSpace();
            expect(':');
            node.set(key, value());
            skipSpace();
            char sep = next();
            if (sep == '}') {
                return node;
            }
            if (sep != ',') {
                throw error("expected ',' or '}' in an object");
            }
        }
    }

    private ArrayNode array() {
        ArrayNode node = NODES.arrayNode();
        pos++;
        skipSpace();
        if (peek() == ']') {
            pos++;
            return node;
        }
        while (true) {
            node.add(value());
            skipSpace();
            char sep = next();
            if (sep == ']') {
                return node;
            }
            if (sep != ',') {
                throw error("expected ',' or ']' in an array");
            }
        }
    }

    private String string() {
        char quote = next();
        int end = text.indexOf(quote, pos);
        int escape = text.indexOf('\\', pos);
        if (end >= 0 && (escape < 0 || escape > end)) {
            // Fast path for the multi-megabyte base64 weight strings: no escapes.
            String s = text.substring(pos, end);
            pos = end + 1;
            return s;
        }
        StringBuilder sb = new StringBuilder();
        while (true) {
            char c = next();
            if (c == quote) {
                return sb.toString();
            }
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            char e = next();
            switch (e) {
                case 'n' -> sb.append('\n');
                case 't' -> sb.append('\t');
                case 'r' -> sb.append('\r');
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'v' -> sb.append('\u000b');
                case '0' -> sb.append('\0');
                case 'u' -> {
                    sb.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
                    pos += 4;
                }
                case 'x' -> {
                    sb.append((char) Integer.parseInt(text.substring(pos, pos + 2), 16));
                    pos += 2;
                }
                default -> sb.append(e);
            }
        }
    }

    private JsonNode number() {
        int start = pos;
        if (peek() == '-' || peek() == '+') {
            pos++;
        }
        boolean integral = true;
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (Character.isDigit(c)) {
                pos++;
            } else if (c == '.' || c == 'e' || c == 'E') {
                integral = false;
                pos++;
                if ((c == 'e' || c == 'E') && (peek() == '-' || peek() == '+')) {
                    pos++;
                }
            } else {
                break;
            }
        }
        String s = text.substring(start, pos);
        try {
            return integral ? NODES.numberNode(Long.parseLong(s)) : NODES.numberNode(Double.parseDouble(s));
        } catch (NumberFormatException e) {
            throw error("bad number '" + s + "'");
        }
    }

    private String identifier() {
        int start = pos;
        while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_'
                || text.charAt(pos) == '$')) {
            pos++;
        }
        if (start == pos) {
            throw error("expected a value or a key");
        }
        return text.substring(start, pos);
    }

    private void skipSpace() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private char peek() {
        if (pos >= text.length()) {
            throw error("unexpected end of text");
        }
        return text.charAt(pos);
    }

    private char next() {
        char c = peek();
        pos++;
        return c;
    }

    private void expect(char c) {
        if (next() != c) {
            throw error("expected '" + c + "'");
        }
    }

    private IllegalArgumentException error(String what) {
        int from = Math.max(0, pos - 30);
        int to = Math.min(text.length(), pos + 30);
        return new IllegalArgumentException(what + " at character " + pos + " near '" + text.substring(from, to) + "'");
    }
}
