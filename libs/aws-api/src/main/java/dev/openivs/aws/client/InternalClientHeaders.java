package dev.openivs.aws.client;

import dev.openivs.aws.IvsConfig;
import dev.openivs.aws.rest.InternalHeaders;
import dev.openivs.aws.rest.RequestContext;
import io.quarkus.arc.Arc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import org.eclipse.microprofile.rest.client.ext.ClientHeadersFactory;

/**
 * Headers of every service-to-service call: the internal credential, and the caller's account and request id when
 * the call is made while serving a request. Use with {@code @RegisterClientHeaders(InternalClientHeaders.class)}.
 */
@ApplicationScoped
public class InternalClientHeaders implements ClientHeadersFactory {
    private final IvsConfig config;

    public InternalClientHeaders(IvsConfig config) {
        this.config = config;
    }

    @Override
    public MultivaluedMap<String, String> update(MultivaluedMap<String, String> incoming,
            MultivaluedMap<String, String> outgoing) {
        MultivaluedMap<String, String> headers = new MultivaluedHashMap<>();
        headers.putSingle(InternalHeaders.INTERNAL_TOKEN, config.internalToken());
        if (Arc.container().requestContext().isActive()) {
            RequestContext ctx = Arc.container().instance(RequestContext.class).get();
            if (ctx.accountId() != null && !outgoing.containsKey(InternalHeaders.ACCOUNT_ID)) {
                headers.putSingle(InternalHeaders.ACCOUNT_ID, ctx.accountId());
            }
            if (ctx.requestId() != null) {
                headers.putSingle(InternalHeaders.REQUEST_ID, ctx.requestId());
            }
        }
        return headers;
    }
}
