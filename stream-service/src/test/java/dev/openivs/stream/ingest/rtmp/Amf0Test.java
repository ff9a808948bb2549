package dev.openivs.stream.ingest.rtmp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class Amf0Test {

    private static ByteBuf hex(String s) {
        return Unpooled.wrappedBuffer(java.util.HexFormat.of().parseHex(s.replace(" ", "")));
    }

    @Test
    void shouldRoundTripTheValuesACommandUses() {
        Map<String, Object> obj = new LinkedHashMap<>();
        obj.put("level", "status");
        obj.put("code", "NetStream.Publish.Start");
        obj.put("objectEncoding", 0.0);
        obj.put("secure", true);
        ByteBuf b = Unpooled.buffer();
        Amf0.encode(b, "onStatus", 0.0, null, obj);
        List<Object> values = Amf0.decodeAll(b);
        assertEquals(4, values.size());
        assertEquals("onStatus", values.get(0));
        assertEquals(0.0, values.get(1));
        assertNull(values.get(2));
        assertEquals(obj, values.get(3));
    }

    @Test
    void shouldReadEcmaArrayUntilEndMarkerWhateverItsCount() {
        // "onMetaData", ECMA array with a wrong count (0) and two pairs: width=640, stereo=true
        ByteBuf b = hex("02000a6f6e4d65746144617461 08 00000000"
                + "0005 7769647468 00 4084000000000000"
                + "0006 73746572656f 01 01"
                + "000009");
        List<Object> values = Amf0.decodeAll(b);
        assertEquals("onMetaData", values.get(0));
        @SuppressWarnings("unchecked")
        Map<String, Object> meta = (Map<String, Object>) values.get(1);
        assertEquals(640.0, meta.get("width"));
        assertEquals(true, meta.get("stereo"));
    }

    @Test
    void shouldReadStrictArrayLongStringDateAndUndefined() {
        ByteBuf b = Unpooled.buffer();
        b.writeByte(Amf0.STRICT_ARRAY).writeInt(2);
        b.writeByte(Amf0.NUMBER).writeDouble(1.5);
        b.writeByte(Amf0.STRING).writeShort(1).writeByte('x');
        byte[] text = "long".getBytes(StandardCharsets.UTF_8);
        b.writeByte(Amf0.LONG_STRING).writeInt(text.length).writeBytes(text);
        b.writeByte(Amf0.DATE).writeDouble(1e12).writeShort(0);
        b.writeByte(Amf0.UNDEFINED);
        List<Object> values = Amf0.decodeAll(b);
        assertEquals(List.of(1.5, "x"), values.get(0));
        assertEquals("long", values.get(1));
        assertEquals(1e12, values.get(2));
        assertNull(values.get(3));
    }

    @Test
    void shouldRefuseTruncatedValues() {
        assertThrows(RtmpProtocolException.class, () -> Amf0.decodeAll(hex("00 4084")));
        assertThrows(RtmpProtocolException.class, () -> Amf0.decodeAll(hex("02 0010 6162")));
        assertThrows(RtmpProtocolException.class, () -> Amf0.decodeAll(hex("03 0001 61 00")));
    }

    @Test
    void shouldRefuseReferencesAndAmf3() {
        assertThrows(RtmpProtocolException.class, () -> Amf0.decodeAll(hex("07 0001")));
        assertThrows(RtmpProtocolException.class, () -> Amf0.decodeAll(hex("11 01")));
    }

    @Test
    void shouldRefuseDeepNesting() {
        ByteBuf b = Unpooled.buffer();
        for (int i = 0; i < 40; i++) {
            b.writeByte(Amf0.OBJECT).writeShort(1).writeByte('a');
        }
        assertThrows(RtmpProtocolException.class, () -> Amf0.decodeAll(b));
    }
}
