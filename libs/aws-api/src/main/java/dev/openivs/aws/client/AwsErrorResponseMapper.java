package dev.openivs.aws.client;

import dev.openivs.aws.errors.AwsErrorShape;
import dev.openivs.aws.errors.AwsException;
import dev.openivs.aws.rest.InternalHeaders;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.eclipse.microprofile.rest.client.ext.ResponseExceptionMapper;

/**
 * Turns an AWS error answered by another service back into the same {@link AwsException}, so it reaches the client
 * unchanged; any other failure of a neighbour becomes ServiceUnavailable (5xx), never a hang or a stack trace.
 * Register with {@code @RegisterProvider(AwsErrorResponseMapper.class)}.
 */
public class AwsErrorResponseMapper implements ResponseExceptionMapper<AwsException> {
    @Override
    public AwsException toThrowable(Response response) {
        String type = response.getHeaderString(InternalHeaders.ERROR_TYPE);
        String message = null;
        try {
            if (response.hasEntity()) {
                @SuppressWarnings("unchecked")
                Map<String, Object> body = response.readEntity(Map.class);
                Object m = body.get("message");
                message = m == null ? null : m.toString();
            }
        } catch (RuntimeException ignored) {
            // not an AWS error body
        }
        if (type != null) {
            try {
                return AwsException.of(AwsErrorShape.valueOf(type), message);
            } catch (IllegalArgumentException ignored) {
                // unknown shape: fall through
            }
        }
        return AwsException.of(AwsErrorShape.ServiceUnavailable, null);
    }

    @Override
    public boolean handles(int status, jakarta.ws.rs.core.MultivaluedMap<String, Object> headers) {
        return status >= 400;
    }
}
