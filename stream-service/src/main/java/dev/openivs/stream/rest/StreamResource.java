package dev.openivs.stream.rest;

import dev.openivs.stream.mapping.GetStreamRequest;
import dev.openivs.stream.mapping.GetStreamSessionRequest;
import dev.openivs.stream.mapping.ListStreamSessionsRequest;
import dev.openivs.stream.mapping.ListStreamsRequest;
import dev.openivs.stream.mapping.InsertAdBreakRequest;
import dev.openivs.stream.mapping.PutMetadataRequest;
import dev.openivs.stream.mapping.Responses.InsertAdBreakResponse;
import dev.openivs.stream.mapping.Responses.GetStreamResponse;
import dev.openivs.stream.mapping.Responses.GetStreamSessionResponse;
import dev.openivs.stream.mapping.Responses.ListStreamSessionsResponse;
import dev.openivs.stream.mapping.Responses.ListStreamsResponse;
import dev.openivs.stream.mapping.StopStreamRequest;
import dev.openivs.stream.service.StreamService;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/** The public stream operations (AWS rest-json: {@code POST /<Operation>}). */
@Path("/")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class StreamResource {
    private final StreamService streams;

    public StreamResource(StreamService streams) {
        this.streams = streams;
    }

    @POST
    @Path("GetStream")
    public Uni<GetStreamResponse> getStream(@Valid @NotNull GetStreamRequest request) {
        return streams.getStream(request.channelArn());
    }

    @POST
    @Path("ListStreams")
    public Uni<ListStreamsResponse> listStreams(@Valid ListStreamsRequest request) {
        ListStreamsRequest r = request == null ? new ListStreamsRequest(null, null, null) : request;
        return streams.listStreams(r.filterBy() == null ? null : r.filterBy().health(), r.nextToken(),
                r.maxResults());
    }

    @POST
    @Path("GetStreamSession")
    public Uni<GetStreamSessionResponse> getStreamSession(@Valid @NotNull GetStreamSessionRequest request) {
        return streams.getStreamSession(request.channelArn(), request.streamId());
    }

    @POST
    @Path("ListStreamSessions")
    public Uni<ListStreamSessionsResponse> listStreamSessions(@Valid @NotNull ListStreamSessionsRequest request) {
        return streams.listStreamSessions(request.channelArn(), request.nextToken(), request.maxResults());
    }

    @POST
    @Path("StopStream")
    public Uni<Map<String, Object>> stopStream(@Valid @NotNull StopStreamRequest request) {
        return streams.stopStream(request.channelArn()).replaceWith(Map.of());
    }

    @POST
    @Path("PutMetadata")
    public Uni<Response> putMetadata(@Valid @NotNull PutMetadataRequest request) {
        return streams.putMetadata(request.channelArn(), request.metadata())
                .replaceWith(() -> Response.noContent().build());
    }

    @POST
    @Path("InsertAdBreak")
    public Uni<InsertAdBreakResponse> insertAdBreak(@Valid @NotNull InsertAdBreakRequest request) {
        return streams.insertAdBreak(request.channelArn(), request.durationSeconds()).map(InsertAdBreakResponse::new);
    }
}
