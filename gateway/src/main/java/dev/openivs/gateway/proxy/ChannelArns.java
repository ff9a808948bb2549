package dev.openivs.gateway.proxy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;

/** Reads the top-level {@code channelArn} of a JSON body (PutMetadata's per-channel quota) with a streaming parser. */
final class ChannelArns {
    private static final JsonFactory JSON = new JsonFactory();
    private static final int MAX_ARN_LENGTH = 128;

    private ChannelArns() {
    }

    /** The channelArn string member, or null when absent, not a string or the body is not JSON. */
    static String of(Buffer body) {
        if (body == null || body.length() == 0) {
            return null;
        }
        byte[] bytes = body.getBytes();
        try (JsonParser parser = JSON.createParser(bytes)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("channelArn".equals(name)) {
                    String arn = value == JsonToken.VALUE_STRING ? parser.getText() : null;
                    return arn != null && arn.length() <= MAX_ARN_LENGTH ? arn : null;
                }
                parser.skipChildren();
            }
            return null;
        } catch (IOException e) {
            return null;
        }
    }
}
