package dev.openivs.stream.format.ts;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** ID3v2.4 tags for timed metadata: one {@code TXXX} frame (UTF-8, empty description) holding the payload. */
public final class Id3 {
    private Id3() {
    }

    public static byte[] txxx(String value) {
        byte[] text = value.getBytes(StandardCharsets.UTF_8);
        int frameSize = 1 + 1 + text.length; // encoding, empty description's terminator, value
        ByteArrayOutputStream b = new ByteArrayOutputStream(20 + frameSize);
        b.writeBytes(new byte[] {'I', 'D', '3', 4, 0, 0});
        syncsafe(b, 10 + frameSize);
        b.writeBytes(new byte[] {'T', 'X', 'X', 'X'});
        syncsafe(b, frameSize);
        b.write(0);
        b.write(0); // frame flags
        b.write(3); // UTF-8
        b.write(0); // description "" terminated
        b.writeBytes(text);
        return b.toByteArray();
    }

    private static void syncsafe(ByteArrayOutputStream b, int n) {
        b.write((n >>> 21) & 0x7F);
        b.write((n >>> 14) & 0x7F);
        b.write((n >>> 7) & 0x7F);
        b.write(n & 0x7F);
    }
}
