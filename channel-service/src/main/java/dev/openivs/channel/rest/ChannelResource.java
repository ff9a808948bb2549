package dev.openivs.channel.rest;

import dev.openivs.channel.model.BatchGetChannelRequest;
import dev.openivs.channel.model.BatchGetChannelResponse;
import dev.openivs.channel.model.ChannelArnRequest;
import dev.openivs.channel.model.CreateChannelRequest;
import dev.openivs.channel.model.CreateChannelResponse;
import dev.openivs.channel.model.GetChannelResponse;
import dev.openivs.channel.model.ListChannelsRequest;
import dev.openivs.channel.model.ListChannelsResponse;
import dev.openivs.channel.model.UpdateChannelRequest;
import dev.openivs.channel.service.ChannelService;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Objects;

/** The public channel operations, {@code POST /<Operation>} as the gateway forwards them. An empty body is {@code {}}. */
@Path("/")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class ChannelResource {
    private final ChannelService service;

    public ChannelResource(ChannelService service) {
        this.service = service;
    }

    @POST
    @Path("CreateChannel")
    public Uni<CreateChannelResponse> createChannel(CreateChannelRequest request) {
        return service.create(Objects.requireNonNullElse(request, CreateChannelRequest.EMPTY));
    }

    @POST
    @Path("GetChannel")
    public Uni<GetChannelResponse> getChannel(ChannelArnRequest request) {
        return service.get(Objects.requireNonNullElse(request, ChannelArnRequest.EMPTY));
    }

    @POST
    @Path("BatchGetChannel")
    public Uni<BatchGetChannelResponse> batchGetChannel(BatchGetChannelRequest request) {
        return service.batchGet(Objects.requireNonNullElse(request, BatchGetChannelRequest.EMPTY));
    }

    @POST
    @Path("ListChannels")
    public Uni<ListChannelsResponse> listChannels(ListChannelsRequest request) {
        return service.list(Objects.requireNonNullElse(request, ListChannelsRequest.EMPTY));
    }

    @POST
    @Path("UpdateChannel")
    public Uni<GetChannelResponse> updateChannel(UpdateChannelRequest request) {
        return service.update(Objects.requireNonNullElse(request, UpdateChannelRequest.EMPTY));
    }

    @POST
    @Path("DeleteChannel")
    public Uni<Response> deleteChannel(ChannelArnRequest request) {
        return service.delete(Objects.requireNonNullElse(request, ChannelArnRequest.EMPTY))
                .map(v -> Response.noContent().build());
    }
}
