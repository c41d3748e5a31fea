package io.sentifuse.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TextDecoderTest {

    @Test
    void validUtf8StaysAndABomIsStripped() {
        byte[] utf8 = "caf\u00e9 \u4e2d\u6587 ok".getBytes(StandardCharsets.UTF_8);
        assertThat(TextDecoder.decode(utf8)).isEqualTo(new TextDecoder.Decoded("caf\u00e9 \u4e2d\u6587 ok", "UTF-8"));
        byte[] bom = new byte[utf8.length + 3];
        bom[0] = (byte) 0xEF;
        bom[1] = (byte) 0xBB;
        bom[2] = (byte) 0xBF;
        System.arraycopy(utf8, 0, bom, 3, utf8.length);
        assertThat(TextDecoder.decode(bom).text()).isEqualTo("caf\u00e9 \u4e2d\u6587 ok");
        assertThat(TextDecoder.problem(bom)).isNull();
    }

    @Test
    void mvsaStyleGbEllipsisDecodesAsGb18030() {
        // The real data's typical case: an English tweet whose ellipsis was stored as the GB bytes A1 AD.
        byte[] bytes = {'G', 'o', 'o', 'd', ' ', 'd', 'a', 'y', (byte) 0xA1, (byte) 0xAD};
        TextDecoder.Decoded d = TextDecoder.decode(bytes);
        assertThat(d).isEqualTo(new TextDecoder.Decoded("Good day\u2026", "GB18030"));
        assertThat(d.isUtf8()).isFalse();
        byte[] chinese = "\u4eca\u5929\u5f88\u5f00\u5fc3".getBytes(Charset.forName("GB18030"));
        assertThat(TextDecoder.decode(chinese).text()).isEqualTo("\u4eca\u5929\u5f88\u5f00\u5fc3");
    }

    @Test
    void latin1EraTextFallsBackToWindows1252() {
        // E9 followed by a space is invalid in GB18030 (no valid trail byte), valid windows-1252 'é'.
        byte[] bytes = {'c', 'a', 'f', (byte) 0xE9, ' ', 'n', 'o', 'i', 'r', (byte) 0x93, 'x', (byte) 0x94};
        assertThat(TextDecoder.decode(bytes))
                .isEqualTo(new TextDecoder.Decoded("caf\u00e9 noir\u201cx\u201d", "windows-1252"));
        assertThat(TextDecoder.problem(bytes)).isNull();
    }

    @Test
    void decodingIsDeterministicAndNeverThrowsOnAnyByte() {
        byte[] all = new byte[256];
        for (int i = 0; i < 256; i++) {
            all[i] = (byte) i;
        }
        TextDecoder.Decoded first = TextDecoder.decode(all);
        assertThat(TextDecoder.decode(all.clone())).isEqualTo(first);
        assertThat(first.encoding()).isEqualTo("windows-1252");
    }

    @Test
    void bytesThatAreNotTextAreAProblem() {
        byte[] utf16 = "hi".getBytes(StandardCharsets.UTF_16LE);
        assertThat(TextDecoder.problem(utf16))
                .isEqualTo("invalid text bytes: control byte 0x00 at offset 1 (binary data, or UTF-16?)");
        // 0x81 0x20: not UTF-8, not GB18030 (0x20 is no trail byte), 0x81 undefined in windows-1252.
        byte[] undefined = {'a', (byte) 0x81, ' ', 'b'};
        assertThat(TextDecoder.problem(undefined))
                .isEqualTo("invalid text bytes: not decodable as UTF-8, GB18030 or windows-1252");
        assertThat(TextDecoder.problem("tab\tand\r\nnewlines".getBytes(StandardCharsets.UTF_8))).isNull();
        assertThat(TextDecoder.problem("bell\u0007")).isEqualTo("invalid text: control character U+0007 at character 4");
    }
}
