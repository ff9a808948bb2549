package dev.openivs.internal.tagging;

import dev.openivs.aws.client.AwsErrorResponseMapper;
import dev.openivs.aws.client.InternalClientHeaders;
import dev.openivs.aws.rest.InternalHeaders;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * tagging-service's internal API (docs/internal-api.md) for the services that own taggable resources; use it through
 * {@link ResourceTags}. The account is passed explicitly (it wins over the request's account header).
 */
@RegisterRestClient(configKey = "tagging-service")
@RegisterClientHeaders(InternalClientHeaders.class)
@RegisterProvider(AwsErrorResponseMapper.class)
@Path("/internal/tags")
public interface TaggingClient {
    /** Current tags of each ARN ({@code {}} when none). */
    @POST
    @Path("/query")
    Uni<TagsQueryResult> query(@HeaderParam(InternalHeaders.ACCOUNT_ID) String account, TagsQuery request);

    /** Merges tags into a resource's tags (tag rules and the 50-tag quota apply; no existence check). */
    @POST
    @Path("/set")
    Uni<Void> set(@HeaderParam(InternalHeaders.ACCOUNT_ID) String account, TagsSet request);

    /** Removes every tag of a resource (idempotent). */
    @DELETE
    Uni<Void> delete(@HeaderParam(InternalHeaders.ACCOUNT_ID) String account,
            @QueryParam("resourceArn") String resourceArn);

    record TagsQuery(List<String> resourceArns) {
    }

    record TagsQueryResult(Map<String, Map<String, String>> tags) {
    }

    record TagsSet(String resourceArn, Map<String, String> tags) {
    }
}
