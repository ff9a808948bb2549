package dev.openivs.streamkey.rest;

import dev.openivs.streamkey.model.BatchGetStreamKeyRequest;
import dev.openivs.streamkey.model.BatchGetStreamKeyResponse;
import dev.openivs.streamkey.model.CreateStreamKeyRequest;
import dev.openivs.streamkey.model.ListStreamKeysRequest;
import dev.openivs.streamkey.model.ListStreamKeysResponse;
import dev.openivs.streamkey.model.StreamKeyArnRequest;
import dev.openivs.streamkey.model.StreamKeyResponse;
import dev.openivs.streamkey.service.StreamKeyService;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Objects;

/** The public stream key operations, {@code POST /<Operation>}. An empty body is {@code {}}. */
@Path("/")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class StreamKeyResource {
    private final StreamKeyService service;

    public StreamKeyResource(StreamKeyService service) {
        this.service = service;
    }

    @POST
    @Path("CreateStreamKey")
    public Uni<StreamKeyResponse> createStreamKey(CreateStreamKeyRequest request) {
        return service.create(Objects.requireNonNullElse(request, CreateStreamKeyRequest.EMPTY));
    }

    @POST
    @Path("GetStreamKey")
    public Uni<StreamKeyResponse> getStreamKey(StreamKeyArnRequest request) {
        return service.get(Objects.requireNonNullElse(request, StreamKeyArnRequest.EMPTY));
    }

    @POST
    @Path("BatchGetStreamKey")
    public Uni<BatchGetStreamKeyResponse> batchGetStreamKey(BatchGetStreamKeyRequest request) {
        return service.batchGet(Objects.requireNonNullElse(request, BatchGetStreamKeyRequest.EMPTY));
    }

    @POST
    @Path("ListStreamKeys")
    public Uni<ListStreamKeysResponse> listStreamKeys(ListStreamKeysRequest request) {
        return service.list(Objects.requireNonNullElse(request, ListStreamKeysRequest.EMPTY));
    }

    @POST
    @Path("DeleteStreamKey")
    public Uni<Response> deleteStreamKey(StreamKeyArnRequest request) {
        return service.delete(Objects.requireNonNullElse(request, StreamKeyArnRequest.EMPTY))
                .map(v -> Response.noContent().build());
    }
}
