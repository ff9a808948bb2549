package dev.openivs.stream.session;

import dev.openivs.events.EventTypes;
import dev.openivs.events.Topics;
import dev.openivs.events.context.SafeContext;
import dev.openivs.events.outbox.Outbox;
import dev.openivs.stream.repository.StreamEventEntity;
import dev.openivs.stream.repository.StreamEventRepository;
import dev.openivs.stream.repository.StreamSessionEntity;
import dev.openivs.stream.repository.StreamSessionRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The durable side of stream sessions: each method is one transaction that changes the session row, appends the
 * session event (truncatedEvents) and writes the matching events to the outbox ("IVS Stream State Change",
 * "IVS Stream Health Change", "IVS Limit Breach" on ivs.eventbridge; StreamSession*.v1 on ivs.stream). Called
 * for state changes only, never per frame. Callers outside a request run it through {@link SafeContext}.
 */
@ApplicationScoped
public class StreamSessionService {
    public static final String STATE_CHANGE = "IVS Stream State Change";
    public static final String HEALTH_CHANGE = "IVS Stream Health Change";
    public static final String LIMIT_BREACH = "IVS Limit Breach";
    public static final String RECORDING_STATE_CHANGE = "IVS Recording State Change";
    static final String AGGREGATE = "stream-session";

    private final StreamSessionRepository sessions;
    private final StreamEventRepository events;
    private final Outbox outbox;

    public StreamSessionService(StreamSessionRepository sessions, StreamEventRepository events, Outbox outbox) {
        this.sessions = sessions;
        this.events = events;
        this.outbox = outbox;
    }

    public static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    /** Inserts the live session with its "Session Created" event; fails on a unique violation if one is live. */
    public Uni<Void> create(StreamSessionEntity session, String recordingConfigurationArn) {
        return outbox.transactional(() -> sessions.persist(session)
                .chain(() -> sessions.flush())
                .chain(() -> stateChange(session, "Session Created", session.startTime))
                .chain(() -> outbox.internal(Topics.STREAM, session.channelArn, AGGREGATE, session.streamId,
                        EventTypes.STREAM_SESSION_STARTED, session.account, sessionData(session, Map.of(
                                "transport", session.transport,
                                "recordingConfigurationArn", recordingConfigurationArn == null ? ""
                                        : recordingConfigurationArn)))));
    }

    /** "Stream Start": the first keyframe arrived; the ingest configuration known by then is stored. */
    public Uni<Void> streamStarted(String streamId, String ingestJson, Instant at) {
        return outbox.transactional(() -> sessions.findById(streamId).chain(s -> {
            if (s == null || s.endTime != null) {
                return Uni.createFrom().voidItem();
            }
            s.ingestJson = ingestJson;
            return stateChange(s, "Stream Start", at)
                    .chain(() -> outbox.internal(Topics.STREAM, s.channelArn, AGGREGATE, s.streamId,
                            EventTypes.STREAM_STARTED, s.account, sessionData(s, Map.of("time", at.toString()))));
        }));
    }

    /** Whether the session of {@code streamId} has its "Stream Start" (a recording announces its start after it). */
    public Uni<Boolean> hasStreamStart(String streamId) {
        return outbox.transactional(() -> events.count("streamId = ?1 and name = ?2", streamId, "Stream Start")
                .map(n -> n > 0));
    }

    /** A changed ingest configuration (new sequence headers or metadata mid-stream). */
    public Uni<Void> configurationChanged(String streamId, String ingestJson) {
        return outbox.transactional(() -> sessions.findById(streamId).invoke(s -> {
            if (s != null && s.endTime == null) {
                s.ingestJson = ingestJson;
            }
        }).replaceWithVoid());
    }

    /** Stores the new health; {@code eventName} ("Starvation Start"/"Starvation End") when it is an event. */
    public Uni<Void> healthChanged(String streamId, String health, String eventName, Instant at) {
        return outbox.transactional(() -> sessions.findById(streamId).chain(s -> {
            if (s == null || s.endTime != null) {
                return Uni.createFrom().voidItem();
            }
            s.health = health;
            Uni<Void> event = eventName == null ? Uni.createFrom().voidItem()
                    : record(s, HEALTH_CHANGE, eventName, null, at, stateDetail(s, eventName));
            return event.chain(() -> outbox.internal(Topics.STREAM, s.channelArn, AGGREGATE, s.streamId,
                    EventTypes.STREAM_HEALTH_CHANGED, s.account, sessionData(s, Map.of("health", health))));
        }));
    }

    /**
     * "Stream Failure" (IVS Stream State Change with a {@code reason}) for this session, e.g. input IVS does not
     * accept; marks it {@code hasErrorEvent}. The session is ended by the caller.
     */
    public Uni<Void> streamFailed(String streamId, String reason, Instant at) {
        return outbox.transactional(() -> sessions.findById(streamId).chain(s -> {
            if (s == null || s.endTime != null) {
                return Uni.createFrom().voidItem();
            }
            s.hasErrorEvent = true;
            Map<String, Object> detail = stateDetail(s, "Stream Failure");
            detail.put("reason", reason);
            return record(s, STATE_CHANGE, "Stream Failure", null, at, detail);
        }));
    }

    /** "IVS Limit Breach" for this session; marks it {@code hasErrorEvent}. */
    public Uni<Void> limitBreached(String streamId, String limitName, long limitValue, long exceededBy,
            String limitUnit, Instant at) {
        return outbox.transactional(() -> sessions.findById(streamId).chain(s -> {
            if (s == null) {
                return Uni.createFrom().voidItem();
            }
            s.hasErrorEvent = true;
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("limit_name", limitName);
            detail.put("limit_value", limitValue);
            detail.put("exceeded_by", exceededBy);
            detail.put("limit_unit", limitUnit);
            detail.put("channel_name", s.channelName);
            detail.put("stream_id", s.streamId);
            return record(s, LIMIT_BREACH, limitName, null, at, detail);
        }));
    }

    /**
     * Ends a live session: "Stream End" (when the stream had started) and "Session Ended". Idempotent across
     * replicas: only the call that flips end_time emits the events. Item: true when this call ended it.
     */
    public Uni<Boolean> end(String streamId, String ingestJson, String reason, Instant at) {
        return end(streamId, ingestJson, reason, null, at);
    }

    /**
     * Ends the session; {@code code} (multitrack refusals, MEDIA-PLANE §2.2) goes into its Session Ended event
     * ({@code detail.code}, StreamEvent.code), null for none.
     */
    public Uni<Boolean> end(String streamId, String ingestJson, String reason, String code, Instant at) {
        return outbox.transactional(() -> sessions.findById(streamId).chain(s -> {
            if (s == null || s.endTime != null) {
                return Uni.createFrom().item(false);
            }
            return sessions.end(streamId, at).chain(updated -> {
                if (updated == 0) {
                    return Uni.createFrom().item(false);
                }
                s.endTime = at;
                if (ingestJson != null) {
                    s.ingestJson = ingestJson;
                }
                return events.count("streamId = ?1 and name = ?2", streamId, "Stream Start")
                        .chain(n -> n > 0 ? stateChange(s, "Stream End", at) : Uni.createFrom().voidItem())
                        .chain(() -> sessionEnded(s, code, at))
                        .chain(() -> outbox.internal(Topics.STREAM, s.channelArn, AGGREGATE, s.streamId,
                                EventTypes.STREAM_SESSION_ENDED, s.account, sessionData(s, Map.of(
                                        "endTime", at.toString(), "reason", reason))))
                        .replaceWith(true);
            });
        }));
    }

    /**
     * "IVS Recording State Change" ({@code detail.recording_status} is the event's name in truncatedEvents) for the
     * session of {@code streamId}, also after it ended (Recording End waits for the reconnect window); a failure
     * marks the session {@code hasErrorEvent}.
     */
    public Uni<Void> recordingStateChanged(String streamId, Map<String, Object> detail, boolean failure,
            Instant at) {
        return outbox.transactional(() -> sessions.findById(streamId).chain(s -> {
            if (s == null) {
                return Uni.createFrom().voidItem();
            }
            if (failure) {
                s.hasErrorEvent = true;
            }
            return record(s, RECORDING_STATE_CHANGE, String.valueOf(detail.get("recording_status")), null, at,
                    detail);
        }));
    }

    public Uni<Integer> heartbeat(Collection<String> streamIds, Instant at) {
        if (streamIds.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        return outbox.transactional(() -> sessions.heartbeat(streamIds, at));
    }

    /** The channel's live session and its holder, or null when the channel is offline. */
    public Uni<LiveHolder> holder(String channelArn) {
        return outbox.transactional(() -> sessions.findLive(channelArn)).map(s -> s == null ? null
                : new LiveHolder(s.streamId, s.channelArn, s.account, s.channelName, s.ownerInstance,
                        s.ownerPlaybackUrl, s.channelJson, s.startTime));
    }

    public Uni<List<StreamSessionEntity>> stale(Instant before) {
        return outbox.transactional(() -> sessions.findStale(before, 100));
    }

    private Uni<Void> stateChange(StreamSessionEntity s, String eventName, Instant at) {
        return record(s, STATE_CHANGE, eventName, null, at, stateDetail(s, eventName));
    }

    /** Session Ended, with IVS's {@code code} between channel_name and stream_id when there is one. */
    private Uni<Void> sessionEnded(StreamSessionEntity s, String code, Instant at) {
        if (code == null) {
            return stateChange(s, "Session Ended", at);
        }
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("event_name", "Session Ended");
        detail.put("channel_name", s.channelName);
        detail.put("code", code);
        detail.put("stream_id", s.streamId);
        return record(s, STATE_CHANGE, "Session Ended", code, at, detail);
    }

    private static Map<String, Object> stateDetail(StreamSessionEntity s, String eventName) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("event_name", eventName);
        detail.put("channel_name", s.channelName);
        detail.put("stream_id", s.streamId);
        return detail;
    }

    private Uni<Void> record(StreamSessionEntity s, String type, String name, String code, Instant at,
            Map<String, Object> detail) {
        StreamEventEntity e = new StreamEventEntity();
        e.streamId = s.streamId;
        e.type = type;
        e.name = name;
        e.code = code;
        e.eventTime = at;
        return events.persist(e)
                .chain(() -> outbox.eventBridge(type, s.account, List.of(s.channelArn), detail));
    }

    private static Map<String, Object> sessionData(StreamSessionEntity s, Map<String, Object> more) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("streamId", s.streamId);
        data.put("channelArn", s.channelArn);
        data.put("channelName", s.channelName);
        data.put("startTime", s.startTime.toString());
        data.putAll(more);
        return data;
    }

    /** True when the failure is PostgreSQL's unique violation (23505), e.g. a second live session. */
    public static boolean isUniqueViolation(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof io.vertx.pgclient.PgException pg && "23505".equals(pg.getSqlState())) {
                return true;
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return false;
    }
}
