package dev.openivs.aws.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.openivs.aws.errors.AwsErrorShape;
import dev.openivs.aws.errors.AwsException;
import dev.openivs.aws.rest.InternalHeaders;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;

/** A neighbour's AWS error comes back as the same exception; anything else is ServiceUnavailable. */
class AwsErrorResponseMapperTest {
    private final AwsErrorResponseMapper mapper = new AwsErrorResponseMapper();

    private static Response error(int status, String type) {
        Response.ResponseBuilder b = Response.status(status);
        if (type != null) {
            b.header(InternalHeaders.ERROR_TYPE, type);
        }
        return b.build();
    }

    @Test
    void shouldRelayTheNeighboursErrorShape() {
        assertEquals(AwsErrorShape.ResourceNotFoundException,
                mapper.toThrowable(error(404, "ResourceNotFoundException")).shape());
        AwsException conflict = mapper.toThrowable(error(409, "ConflictException"));
        assertEquals(AwsErrorShape.ConflictException, conflict.shape());
        assertEquals(409, conflict.shape().status());
    }

    @Test
    void shouldTurnAnythingElseIntoServiceUnavailable() {
        assertEquals(AwsErrorShape.ServiceUnavailable, mapper.toThrowable(error(502, null)).shape());
        assertEquals(AwsErrorShape.ServiceUnavailable, mapper.toThrowable(error(500, "NoSuchShape")).shape());
    }

    @Test
    void shouldHandleErrorStatusesOnly() {
        assertTrue(mapper.handles(400, new MultivaluedHashMap<>()));
        assertTrue(mapper.handles(503, new MultivaluedHashMap<>()));
        assertFalse(mapper.handles(204, new MultivaluedHashMap<>()));
        assertFalse(mapper.handles(302, new MultivaluedHashMap<>()));
    }
}
