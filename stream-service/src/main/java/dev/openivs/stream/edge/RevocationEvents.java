package dev.openivs.stream.edge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openivs.events.EventTypes;
import dev.openivs.events.Topics;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Stops revoked viewers' playback: every replica reads ViewerSessionsRevoked.v1 from {@code ivs.playback-auth}
 * (published by playback-auth-service in the revocation's transaction) and marks the matching
 * {@link EdgeSessions edge sessions} revoked, so their next playlist/segment request is refused (players reload the
 * media playlist every target duration or part, so playback stops within a few seconds of the API call).
 *
 * <p>Each replica needs every revocation, so this is not a consumer group: a plain consumer on its own thread is
 * assigned all partitions and starts at their end (revocations from before the start are checked by
 * playback-auth-service when a token is verified). Nothing else on the topic is of interest.
 */
@ApplicationScoped
public class RevocationEvents {
    private static final Logger LOG = Logger.getLogger(RevocationEvents.class);
    static final String REVOKED = EventTypes.VIEWER_SESSIONS_REVOKED;
    private static final long PARTITION_RECHECK_MS = 30_000;

    private final EdgeSessions sessions;
    private final ObjectMapper mapper;
    private final PlaybackAccessConfig config;
    private final String bootstrap;
    private volatile boolean running;
    private volatile KafkaConsumer<String, String> consumer;
    private volatile boolean assigned;
    private Thread thread;

    public RevocationEvents(EdgeSessions sessions, ObjectMapper mapper, PlaybackAccessConfig config,
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap) {
        this.sessions = sessions;
        this.mapper = mapper;
        this.config = config;
        this.bootstrap = bootstrap;
    }

    void start(@Observes StartupEvent event) {
        if (!config.revocationEvents()) {
            return;
        }
        running = true;
        thread = new Thread(this::run, "playback-revocations");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        running = false;
        KafkaConsumer<String, String> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        if (thread != null) {
            thread.join(5_000);
        }
    }

    /** Whether the consumer is assigned the topic's partitions and positioned (tests wait for it). */
    public boolean ready() {
        return assigned;
    }

    private void run() {
        while (running) {
            Properties p = new Properties();
            p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
            p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
            p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
            p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
            p.put(ConsumerConfig.CLIENT_ID_CONFIG, "stream-service-playback-revocations");
            // The broker answers a fetch as soon as a record arrives (fetch.min.bytes 1), so a long wait delays no
            // revocation; it only spares the idle wake-ups (the default 500 ms woke this thread twice a second).
            p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "2000");
            try (KafkaConsumer<String, String> c = new KafkaConsumer<>(p)) {
                consumer = c;
                consume(c);
            } catch (WakeupException e) {
                return;
            } catch (RuntimeException e) {
                assigned = false;
                LOG.warnf("revocation events: %s; reconnecting", e.toString());
                sleep(2_000);
            } finally {
                consumer = null;
            }
        }
    }

    private void consume(KafkaConsumer<String, String> c) {
        long checkedAt = 0;
        int partitions = 0;
        while (running) {
            long now = System.currentTimeMillis();
            if (now - checkedAt > (assigned ? PARTITION_RECHECK_MS : 2_000)) {
                checkedAt = now;
                List<PartitionInfo> infos;
                try {
                    infos = c.partitionsFor(Topics.PLAYBACK_AUTH, Duration.ofSeconds(5));
                } catch (org.apache.kafka.common.errors.TimeoutException e) {
                    LOG.debug("revocation events: topic metadata not available yet; retrying");
                    continue;
                }
                if (infos != null && infos.size() != partitions) {
                    List<TopicPartition> tps = new ArrayList<>();
                    for (PartitionInfo i : infos) {
                        tps.add(new TopicPartition(i.topic(), i.partition()));
                    }
                    List<TopicPartition> added = new ArrayList<>(tps);
                    added.removeAll(c.assignment());
                    c.assign(tps);
                    c.seekToEnd(added);
                    for (TopicPartition tp : added) {
                        c.position(tp); // resolve "end" now, so revocations published from here on are seen
                    }
                    partitions = tps.size();
                    assigned = true;
                }
            }
            if (!assigned) {
                sleep(500);
                continue;
            }
            for (ConsumerRecord<String, String> r : c.poll(Duration.ofSeconds(2))) {
                apply(r.value());
            }
        }
    }

    /** Applies one event of the topic (other types are ignored). */
    void apply(String json) {
        try {
            JsonNode e = mapper.readTree(json);
            if (!REVOKED.equals(e.path("type").asText())) {
                return;
            }
            JsonNode data = e.path("data");
            String channelArn = data.path("channelArn").asText(null);
            String viewerId = data.path("viewerId").asText(null);
            if (channelArn == null || viewerId == null) {
                return;
            }
            long upTo = data.path("viewerSessionVersionsLessThanOrEqualTo").asLong(0);
            int stopped = sessions.revoke(channelArn, viewerId, upTo, System.currentTimeMillis());
            LOG.debugf("viewer sessions revoked on %s: %d stopped", channelArn, stopped);
        } catch (Exception ex) {
            LOG.debugf("revocation events: unreadable record skipped (%s)", ex.getClass().getSimpleName());
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
