package dev.openivs.aws.rest;

import dev.openivs.aws.IvsConfig;
import dev.openivs.aws.errors.AccessDeniedException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Services trust only the gateway (and each other): every request outside {@code /q/} must carry the internal
 * token; the account id header is believed only then. Every response gets {@code x-amzn-RequestId}.
 */
public class InternalAuthFilter {
    private static final String REQUEST_ID_PROPERTY = "ivs.requestId";
    private static final Pattern ACCOUNT = Pattern.compile("[0-9]{12}");

    private final byte[] token;
    private final RequestContext context;

    public InternalAuthFilter(IvsConfig config, RequestContext context) {
        this.token = config.internalToken().getBytes(StandardCharsets.UTF_8);
        this.context = context;
    }

    @ServerRequestFilter(preMatching = true)
    public void authenticate(ContainerRequestContext request) {
        String requestId = request.getHeaderString(InternalHeaders.REQUEST_ID);
        if (requestId == null || requestId.isBlank() || requestId.length() > 64) {
            requestId = UUID.randomUUID().toString();
        }
        request.setProperty(REQUEST_ID_PROPERTY, requestId);
        String path = request.getUriInfo().getPath();
        if (path.startsWith("/q/")) {
            return;
        }
        String presented = request.getHeaderString(InternalHeaders.INTERNAL_TOKEN);
        if (presented == null
                || !MessageDigest.isEqual(token, presented.getBytes(StandardCharsets.UTF_8))) {
            throw new AccessDeniedException("Missing or invalid internal credential.");
        }
        String account = request.getHeaderString(InternalHeaders.ACCOUNT_ID);
        if (account != null && !ACCOUNT.matcher(account).matches()) {
            throw new AccessDeniedException();
        }
        context.fill(account, requestId, request.getHeaderString(InternalHeaders.ACCESS_KEY_ID),
                request.getHeaderString(InternalHeaders.SOURCE_IP), request.getHeaderString(InternalHeaders.USER_AGENT));
    }

    @ServerResponseFilter
    public void addRequestId(ContainerRequestContext request, ContainerResponseContext response) {
        Object requestId = request.getProperty(REQUEST_ID_PROPERTY);
        if (requestId != null && !response.getHeaders().containsKey(InternalHeaders.REQUEST_ID)) {
            response.getHeaders().putSingle(InternalHeaders.REQUEST_ID, requestId.toString());
        }
    }
}
