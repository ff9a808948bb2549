package dev.openivs.aws.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import dev.openivs.aws.errors.AwsErrorShape;
import dev.openivs.aws.errors.AwsException;
import io.quarkus.hibernate.validator.runtime.jaxrs.ResteasyReactiveViolationException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** The one mapper from exceptions to AWS error responses, shared by every service. Never leaks a stack trace. */
public class AwsExceptionMappers {
    private static final Logger LOG = Logger.getLogger(AwsExceptionMappers.class);
    /** A list index in a violation's path (not a map key, which is followed by {@code <map key>/<map value>}). */
    private static final Pattern LIST_INDEX = Pattern.compile("\\[(\\d+)](?!\\.?<map)");

    @ServerExceptionMapper
    public Response aws(AwsException e) {
        if (e.shape().serverFault()) {
            LOG.warnf("%s: %s", e.shape(), e.getMessage());
        }
        return AwsErrorResponses.of(e);
    }

    @ServerExceptionMapper
    public Response violations(ResteasyReactiveViolationException e) {
        return violationResponse(e.getConstraintViolations());
    }

    @ServerExceptionMapper
    public Response violations(ConstraintViolationException e) {
        return violationResponse(e.getConstraintViolations());
    }

    @ServerExceptionMapper
    public Response badJson(JsonProcessingException e) {
        String detail = e instanceof JsonMappingException m && !m.getPath().isEmpty()
                ? "Invalid value for member '" + memberPath(m) + "'."
                : "Could not parse request body as JSON.";
        return AwsErrorResponses.of(AwsErrorShape.ValidationException, detail);
    }

    /** A member of the wrong JSON type (a string where a boolean belongs); overrides Quarkus' built-in mapper. */
    @ServerExceptionMapper
    public Response mismatchedInput(com.fasterxml.jackson.databind.exc.MismatchedInputException e) {
        return badJson(e);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        Throwable cause = e.getCause();
        if (cause instanceof JsonProcessingException json) {
            return badJson(json);
        }
        if (e instanceof NotFoundException || e instanceof NotAllowedException) {
            return AwsErrorResponses.of(AwsErrorShape.UnknownOperationException, null);
        }
        if (e instanceof NotSupportedException) {
            return AwsErrorResponses.of(AwsErrorShape.ValidationException, "Content-Type must be application/json.");
        }
        int status = e.getResponse() == null ? 500 : e.getResponse().getStatus();
        if (status == 413) {
            return AwsErrorResponses.of(AwsErrorShape.RequestEntityTooLargeException, null);
        }
        if (status >= 400 && status < 500) {
            return AwsErrorResponses.of(AwsErrorShape.ValidationException, null);
        }
        return unexpected(e);
    }

    /** A neighbour service that is down, refuses connections or times out: a clear 5xx, never a hang. */
    @ServerExceptionMapper({jakarta.ws.rs.ProcessingException.class, java.net.ConnectException.class,
            java.util.concurrent.TimeoutException.class, io.netty.channel.ConnectTimeoutException.class})
    public Response dependencyDown(Throwable e) {
        LOG.warnf("Dependency failure: %s", e.toString());
        return AwsErrorResponses.of(AwsErrorShape.ServiceUnavailable, null);
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        LOG.error("Unexpected failure", e);
        return AwsErrorResponses.of(AwsErrorShape.InternalServerException, null);
    }

    private static String memberPath(JsonMappingException e) {
        return e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining("."));
    }

    /** AWS style: "N validation error(s) detected: Value at 'x' failed to satisfy constraint: ...". */
    private static Response violationResponse(Set<? extends ConstraintViolation<?>> violations) {
        List<String> parts = violations.stream()
                .sorted(Comparator.comparing(v -> memberName(v)))
                .map(v -> "Value at '" + memberName(v) + "' failed to satisfy constraint: " + v.getMessage())
                .toList();
        String message = parts.size() + " validation error" + (parts.size() == 1 ? "" : "s") + " detected: "
                + String.join("; ", parts);
        return AwsErrorResponses.of(AwsErrorShape.ValidationException, message);
    }

    /**
     * The member path without the method and parameter prefix that method validation adds, a list element named the
     * AWS way: {@code arns[0].<list element>} is {@code arns.1.member}, {@code sessions[0].viewerId} is
     * {@code sessions.1.member.viewerId}.
     */
    private static String memberName(ConstraintViolation<?> v) {
        String path = v.getPropertyPath().toString();
        String[] parts = path.split("\\.");
        String name = parts.length >= 3 ? String.join(".", java.util.Arrays.copyOfRange(parts, 2, parts.length))
                : parts[parts.length - 1];
        return LIST_INDEX.matcher(name.replace(".<list element>", ""))
                .replaceAll(m -> "." + (Integer.parseInt(m.group(1)) + 1) + ".member");
    }
}
