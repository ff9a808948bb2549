package dev.openivs.stream.ingest.rtmp;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * AMF0 as RTMP commands and data messages use it. Decodes Number, Boolean, String, Object, Null, Undefined,
 * ECMA array, Strict array, Date, Long string and XML (as String), skips Unsupported; anything else
 * (references, typed objects, AMF3 switch) is a protocol error. Encodes Number, Boolean, String, Map (Object) and
 * null. Objects decode to insertion-ordered maps; ECMA array counts are advisory (read until the end marker).
 */
public final class Amf0 {
    public static final int NUMBER = 0x00;
    public static final int BOOLEAN = 0x01;
    public static final int STRING = 0x02;
    public static final int OBJECT = 0x03;
    public static final int NULL = 0x05;
    public static final int UNDEFINED = 0x06;
    public static final int ECMA_ARRAY = 0x08;
    public static final int OBJECT_END = 0x09;
    public static final int STRICT_ARRAY = 0x0A;
    public static final int DATE = 0x0B;
    public static final int LONG_STRING = 0x0C;
    public static final int UNSUPPORTED = 0x0D;
    public static final int XML = 0x0F;

    private static final int MAX_DEPTH = 16;
    private static final int MAX_ITEMS = 4096;

    private Amf0() {
    }

    /** Every value in the buffer, in order. */
    public static List<Object> decodeAll(ByteBuf in) {
        List<Object> values = new ArrayList<>();
        while (in.isReadable()) {
            values.add(decode(in, 0));
            if (values.size() > MAX_ITEMS) {
                throw new RtmpProtocolException("too many AMF0 values");
            }
        }
        return values;
    }

    public static Object decode(ByteBuf in) {
        return decode(in, 0);
    }

    private static Object decode(ByteBuf in, int depth) {
        if (depth > MAX_DEPTH) {
            throw new RtmpProtocolException("AMF0 nesting too deep");
        }
        need(in, 1);
        int marker = in.readUnsignedByte();
        switch (marker) {
            case NUMBER:
                need(in, 8);
                return in.readDouble();
            case BOOLEAN:
                need(in, 1);
                return in.readByte() != 0;
            case STRING:
                return readString(in, readU16(in));
            case LONG_STRING:
            case XML:
                need(in, 4);
                return readString(in, in.readUnsignedInt());
            case OBJECT:
                return readPairs(in, depth);
            case ECMA_ARRAY:
                need(in, 4);
                in.skipBytes(4);
                return readPairs(in, depth);
            case STRICT_ARRAY: {
                need(in, 4);
                long n = in.readUnsignedInt();
                if (n > MAX_ITEMS || n > in.readableBytes()) {
                    throw new RtmpProtocolException("AMF0 strict array too long");
                }
                List<Object> list = new ArrayList<>((int) n);
                for (long i = 0; i < n; i++) {
                    list.add(decode(in, depth + 1));
                }
                return list;
            }
            case DATE:
                need(in, 10);
                double millis = in.readDouble();
                in.skipBytes(2);
                return millis;
            case NULL:
            case UNDEFINED:
            case UNSUPPORTED:
                return null;
            default:
                throw new RtmpProtocolException("unsupported AMF0 marker 0x" + Integer.toHexString(marker));
        }
    }

    private static Map<String, Object> readPairs(ByteBuf in, int depth) {
        Map<String, Object> map = new LinkedHashMap<>();
        while (true) {
            int keyLength = readU16(in);
            if (keyLength == 0) {
                need(in, 1);
                if (in.getUnsignedByte(in.readerIndex()) == OBJECT_END) {
                    in.skipBytes(1);
                    return map;
                }
            }
            String key = readString(in, keyLength);
            map.put(key, decode(in, depth + 1));
            if (map.size() > MAX_ITEMS) {
                throw new RtmpProtocolException("AMF0 object too large");
            }
        }
    }

    private static int readU16(ByteBuf in) {
        need(in, 2);
        return in.readUnsignedShort();
    }

    private static String readString(ByteBuf in, long length) {
        if (length > in.readableBytes()) {
            throw new RtmpProtocolException("truncated AMF0 string");
        }
        String s = in.toString(in.readerIndex(), (int) length, StandardCharsets.UTF_8);
        in.skipBytes((int) length);
        return s;
    }

    private static void need(ByteBuf in, int n) {
        if (in.readableBytes() < n) {
            throw new RtmpProtocolException("truncated AMF0 value");
        }
    }

    /** Writes each value: Number (any {@link Number}), Boolean, String, Map (Object) or null. */
    public static void encode(ByteBuf out, Object... values) {
        for (Object v : values) {
            encodeOne(out, v);
        }
    }

    private static void encodeOne(ByteBuf out, Object v) {
        if (v == null) {
            out.writeByte(NULL);
        } else if (v instanceof Number n) {
            out.writeByte(NUMBER);
            out.writeDouble(n.doubleValue());
        } else if (v instanceof Boolean b) {
            out.writeByte(BOOLEAN);
            out.writeByte(b ? 1 : 0);
        } else if (v instanceof String s) {
            byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
            if (bytes.length > 0xFFFF) {
                out.writeByte(LONG_STRING);
                out.writeInt(bytes.length);
            } else {
                out.writeByte(STRING);
                out.writeShort(bytes.length);
            }
            out.writeBytes(bytes);
        } else if (v instanceof Map<?, ?> map) {
            out.writeByte(OBJECT);
            for (Map.Entry<?, ?> e : map.entrySet()) {
                byte[] key = e.getKey().toString().getBytes(StandardCharsets.UTF_8);
                out.writeShort(key.length);
                out.writeBytes(key);
                encodeOne(out, e.getValue());
            }
            out.writeShort(0);
            out.writeByte(OBJECT_END);
        } else {
            throw new IllegalArgumentException("cannot encode " + v.getClass());
        }
    }
}
