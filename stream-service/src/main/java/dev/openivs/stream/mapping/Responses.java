package dev.openivs.stream.mapping;

import java.util.List;

/** Response shapes of the stream operations (AWS names). */
public final class Responses {
    private Responses() {
    }

    public record InsertAdBreakResponse(String adBreakId) {
    }

    public record GetStreamResponse(Stream stream) {
    }

    public record ListStreamsResponse(List<StreamSummary> streams, String nextToken) {
    }

    public record GetStreamSessionResponse(StreamSession streamSession) {
    }

    public record ListStreamSessionsResponse(List<StreamSessionSummary> streamSessions, String nextToken) {
    }
}
