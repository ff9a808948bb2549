package dev.openivs.events.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.openivs.aws.IvsConfig;
import dev.openivs.aws.rest.RequestContext;
import dev.openivs.events.EventBridgeEvent;
import dev.openivs.events.EventEnvelope;
import dev.openivs.events.Secrets;
import dev.openivs.events.Topics;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Writes events to the outbox table in the caller's transaction. Use {@link #transactional(Supplier)} around a
 * change so the relay is woken as soon as the transaction commits. Hot paths that need no Hibernate session use
 * {@link #transactionalSql(Function)} and {@link #internal(SqlConnection, String, String, String, String, String,
 * String, Object)}: the same rows, written with prepared statements on the reactive pool in the caller's
 * transaction.
 */
@ApplicationScoped
public class Outbox {
    private final ObjectMapper mapper;
    private final IvsConfig config;
    private final RequestContext request;
    private final OutboxRelay relay;
    private final Pool pool;

    public Outbox(ObjectMapper mapper, IvsConfig config, RequestContext request, OutboxRelay relay, Pool pool) {
        this.mapper = mapper;
        this.config = config;
        this.request = request;
        this.relay = relay;
        this.pool = pool;
    }

    /** Runs the work in one database transaction, then wakes the relay. */
    public <T> Uni<T> transactional(Supplier<Uni<T>> work) {
        return Panache.withTransaction(work).invoke(relay::wakeUp);
    }

    /**
     * Runs the work in one transaction on the reactive pool (no Hibernate session), then wakes the relay: for hot
     * paths whose statements are prepared queries on the given connection.
     */
    public <T> Uni<T> transactionalSql(Function<SqlConnection, Uni<T>> work) {
        return pool.withTransaction(work).invoke(relay::wakeUp);
    }

    /** An internal state-change event on a domain topic, keyed by {@code key} (the channel ARN where one exists). */
    public Uni<Void> internal(String topic, String key, String aggregateType, String aggregateId, String type,
            String account, Object data) {
        return persist(internalRow(topic, key, aggregateType, aggregateId, type, account, data));
    }

    /** {@link #internal(String, String, String, String, String, String, Object)} in the connection's transaction. */
    public Uni<Void> internal(SqlConnection conn, String topic, String key, String aggregateType, String aggregateId,
            String type, String account, Object data) {
        return insert(conn, internalRow(topic, key, aggregateType, aggregateId, type, account, data));
    }

    private Uni<OutboxEventEntity> internalRow(String topic, String key, String aggregateType, String aggregateId,
            String type, String account, Object data) {
        EventEnvelope envelope = new EventEnvelope(UUID.randomUUID().toString(), type, aggregateType, aggregateId,
                account, config.region(), now(), Secrets.scrub(mapper.valueToTree(data)));
        return row(envelope.id(), topic, key, aggregateType, aggregateId, type, envelope);
    }

    /** An EventBridge-shaped event on {@code ivs.eventbridge}, keyed by the channel ARN (or the account). */
    public Uni<Void> eventBridge(String detailType, String account, List<String> resources, Object detail) {
        return persist(eventBridgeRow(detailType, account, resources, detail));
    }

    private Uni<OutboxEventEntity> eventBridgeRow(String detailType, String account, List<String> resources,
            Object detail) {
        String id = UUID.randomUUID().toString();
        EventBridgeEvent event = new EventBridgeEvent("0", id, detailType, "aws.ivs", account,
                now().toString(), config.region(), resources, Secrets.scrub(mapper.valueToTree(detail)));
        String key = resources.isEmpty() ? account : resources.get(0);
        return row(id, Topics.EVENTBRIDGE, key, "eventbridge", key, detailType, event);
    }

    /**
     * The "AWS API Call via CloudTrail" event of a successful mutating call, recorded by the service that made the
     * change, in the same transaction. Secrets in the request and response are hidden.
     */
    public Uni<Void> apiCall(String eventName, Object requestParameters, Object responseElements, String resourceArn) {
        return persist(apiCallRow(eventName, requestParameters, responseElements, resourceArn));
    }

    /** {@link #apiCall(String, Object, Object, String)} in the connection's transaction. */
    public Uni<Void> apiCall(SqlConnection conn, String eventName, Object requestParameters, Object responseElements,
            String resourceArn) {
        return insert(conn, apiCallRow(eventName, requestParameters, responseElements, resourceArn));
    }

    private Uni<OutboxEventEntity> apiCallRow(String eventName, Object requestParameters, Object responseElements,
            String resourceArn) {
        String eventId = UUID.randomUUID().toString();
        Instant time = now();
        ObjectNode detail = mapper.createObjectNode();
        detail.put("eventVersion", "1.08");
        ObjectNode identity = detail.putObject("userIdentity");
        identity.put("type", "IAMUser");
        identity.put("accountId", request.accountId());
        identity.put("accessKeyId", request.accessKeyId());
        detail.put("eventTime", time.toString());
        detail.put("eventSource", "ivs.amazonaws.com");
        detail.put("eventName", eventName);
        detail.put("awsRegion", config.region());
        detail.put("sourceIPAddress", request.sourceIp());
        detail.put("userAgent", request.userAgent());
        detail.set("requestParameters", Secrets.scrub(mapper.valueToTree(requestParameters)));
        detail.set("responseElements", Secrets.scrub(mapper.valueToTree(responseElements)));
        detail.put("requestID", request.requestId());
        detail.put("eventID", eventId);
        detail.put("readOnly", false);
        detail.put("eventType", "AwsApiCall");
        detail.put("managementEvent", true);
        detail.put("recipientAccountId", request.accountId());
        detail.put("eventCategory", "Management");
        List<String> resources = resourceArn == null ? List.of() : List.of(resourceArn);
        return eventBridgeRow("AWS API Call via CloudTrail", request.accountId(), resources, detail);
    }

    private Uni<OutboxEventEntity> row(String id, String topic, String key, String aggregateType,
            String aggregateId, String type, Object payload) {
        OutboxEventEntity row = new OutboxEventEntity();
        row.id = UUID.fromString(id);
        row.topic = topic;
        row.key = key;
        row.aggregateType = aggregateType;
        row.aggregateId = aggregateId;
        row.type = type;
        row.createdAt = Instant.now();
        try {
            row.payload = mapper.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(e);
        }
        return Uni.createFrom().item(row);
    }

    private static Uni<Void> persist(Uni<OutboxEventEntity> row) {
        return row.chain(r -> Panache.getSession().chain(s -> s.persist(r)));
    }

    private static Uni<Void> insert(SqlConnection conn, Uni<OutboxEventEntity> row) {
        return row.chain(r -> conn.preparedQuery("INSERT INTO outbox_event (id, aggregate_type, aggregate_id, type, "
                + "topic, msg_key, payload, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)")
                .execute(Tuple.from(new Object[] {r.id, r.aggregateType, r.aggregateId, r.type, r.topic, r.key,
                    r.payload, OffsetDateTime.ofInstant(r.createdAt, ZoneOffset.UTC)}))
                .replaceWithVoid());
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }
}
