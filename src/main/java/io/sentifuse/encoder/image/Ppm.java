package io.sentifuse.encoder.image;

import io.sentifuse.errors.UserInputException;
import io.sentifuse.image.RgbImage;
import java.util.Arrays;

/** Binary 8-bit PPM ({@code P6}, maxval 255) images: the lossless format of the nsfwjs reference images. */
public final class Ppm {

    private Ppm() {
    }

    public static RgbImage read(byte[] bytes, String source) {
        int[] pos = {0};
        String magic = token(bytes, pos, source);
        int width = Integer.parseInt(token(bytes, pos, source));
        int height = Integer.parseInt(token(bytes, pos, source));
        int max = Integer.parseInt(token(bytes, pos, source));
        if (!magic.equals("P6") || max != 255) {
            throw new UserInputException(source + ": expected a binary 8-bit PPM (P6, maxval 255), got " + magic
                    + " with maxval " + max);
        }
        int start = pos[0] + 1;
        int n = width * height * 3;
        if (bytes.length < start + n) {
            throw new UserInputException(source + ": truncated PPM, " + (bytes.length - start) + " of " + n
                    + " pixel bytes");
        }
        return new RgbImage(width, height, Arrays.copyOfRange(bytes, start, start + n));
    }

    private static String token(byte[] b, int[] pos, String source) {
        int i = pos[0];
        while (i < b.length && (Character.isWhitespace(b[i]) || b[i] == '#')) {
            if (b[i] == '#') {
                while (i < b.length && b[i] != '\n') {
                    i++;
                }
            }
            i++;
        }
        int start = i;
        while (i < b.length && !Character.isWhitespace(b[i])) {
            i++;
        }
        if (start == i) {
            throw new UserInputException(source + ": truncated PPM header");
        }
        pos[0] = i;
        return new String(b, start, i - start, java.nio.charset.StandardCharsets.US_ASCII);
    }
}
