package dev.openivs.gateway.proxy;

import dev.openivs.aws.rest.InternalHeaders;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

/** Writes AWS error responses (x-amzn-ErrorType, JSON with exceptionMessage and message) straight to Vert.x. */
final class AwsErrors {
    static final String CONTENT_TYPE = "application/json";

    private AwsErrors() {
    }

    static void write(HttpServerResponse response, int status, String type, String message, String requestId,
            boolean closeConnection) {
        if (response.ended() || response.closed()) {
            return;
        }
        String escaped = escape(message);
        Buffer body = Buffer.buffer(escaped.length() * 2 + 40)
                .appendString("{\"exceptionMessage\":\"").appendString(escaped)
                .appendString("\",\"message\":\"").appendString(escaped).appendString("\"}");
        response.setStatusCode(status)
                .putHeader(InternalHeaders.ERROR_TYPE, type)
                .putHeader(InternalHeaders.REQUEST_ID, requestId)
                .putHeader("Content-Type", CONTENT_TYPE);
        if (closeConnection) {
            response.putHeader("Connection", "close");
            response.end(body).onComplete(v -> response.close());
        } else {
            response.end(body);
        }
    }

    static String escape(String s) {
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String replacement = switch (c) {
                case '"' -> "\\\"";
                case '\\' -> "\\\\";
                case '\n' -> "\\n";
                case '\r' -> "\\r";
                case '\t' -> "\\t";
                default -> c < 0x20 ? String.format("\\u%04x", (int) c) : null;
            };
            if (replacement != null && out == null) {
                out = new StringBuilder(s.length() + 16).append(s, 0, i);
            }
            if (out != null) {
                if (replacement != null) {
                    out.append(replacement);
                } else {
                    out.append(c);
                }
            }
        }
        return out == null ? s : out.toString();
    }
}
