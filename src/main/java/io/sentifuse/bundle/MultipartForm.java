package io.sentifuse.bundle;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The fields of a {@code multipart/form-data} body (what a browser form or {@code curl -F} sends), as bytes. */
final class MultipartForm {

    private static final Pattern BOUNDARY = Pattern.compile("boundary=\"?([^\";]+)\"?");
    private static final Pattern NAME = Pattern.compile("name=\"([^\"]*)\"");

    private MultipartForm() {
    }

    /**
     * Field name to content.
     *
     * @throws IllegalArgumentException when the body is not multipart as its content type says
     */
    static Map<String, byte[]> parse(String contentType, byte[] body) {
        Matcher m = BOUNDARY.matcher(contentType);
        if (!m.find()) {
            throw new IllegalArgumentException("the multipart content type names no boundary");
        }
        byte[] delimiter = ("--" + m.group(1)).getBytes(StandardCharsets.ISO_8859_1);
        Map<String, byte[]> fields = new LinkedHashMap<>();
        int pos = indexOf(body, delimiter, 0);
        if (pos < 0) {
            throw new IllegalArgumentException("the body holds no multipart boundary");
        }
        while (true) {
            int start = pos + delimiter.length;
            if (start + 1 < body.length && body[start] == '-' && body[start + 1] == '-') {
                break; // closing delimiter
            }
            start = skipLine(body, start);
            int headersEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), start);
            if (headersEnd < 0) {
                throw new IllegalArgumentException("a multipart part has no header end");
            }
            String headers = new String(body, start, headersEnd - start, StandardCharsets.UTF_8);
            int contentStart = headersEnd + 4;
            int next = indexOf(body, delimiter, contentStart);
            if (next < 0) {
                throw new IllegalArgumentException("a multipart part is not closed");
            }
            int contentEnd = next - 2; // the CRLF before the delimiter
            Matcher name = NAME.matcher(headers.toLowerCase(Locale.ROOT).contains("content-disposition") ? headers : "");
            if (name.find() && contentEnd >= contentStart) {
                fields.put(name.group(1), Arrays.copyOfRange(body, contentStart, contentEnd));
            }
            pos = next;
        }
        return fields;
    }

    private static int skipLine(byte[] b, int from) {
        for (int i = from; i + 1 < b.length; i++) {
            if (b[i] == '\r' && b[i + 1] == '\n') {
                return i + 2;
            }
        }
        return b.length;
    }

    private static int indexOf(byte[] hay, byte[] needle, int from) {
        outer:
        for (int i = from; i <= hay.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
