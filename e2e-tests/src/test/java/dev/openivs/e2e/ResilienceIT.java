package dev.openivs.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ivs.IvsClient;

/**
 * The consistency contract under failure (DESIGN.md, contract 3): writes go on while Kafka is down and every event
 * arrives once it is back; a service killed right after its commits still delivers them after a restart. Uses the
 * local stack's PID files and `./ivs up` to stop and restart processes.
 */
class ResilienceIT {
    private static final int WRITES = 10;

    @Test
    void shouldDeliverEveryEventOfWritesMadeWhileKafkaWasDown() throws Exception {
        IvsClient ivs = Suite.clientA();
        List<String> arns = new ArrayList<>();
        try (EventLog log = EventLog.from("ivs.channel")) {
            stop("kafka", "TERM");
            try {
                for (int i = 0; i < WRITES; i++) {
                    arns.add(ivs.createChannel(r -> r.name("kafka-down")).channel().arn());
                }
            } finally {
                restartStack();
            }
            List<JsonNode> events = log.await(ev -> created(ev, arns).size() == WRITES, Duration.ofSeconds(60));
            assertEquals(Set.copyOf(arns), created(events, arns), "every write made while Kafka was down has its event");
            long distinctIds = events.stream().filter(e -> arns.contains(e.path("aggregateId").asText())
                    || arns.stream().anyMatch(a -> e.toString().contains(a))).map(e -> e.path("id").asText())
                    .distinct().count();
            assertTrue(distinctIds >= WRITES);
        } finally {
            arns.forEach(a -> ivs.deleteChannel(r -> r.arn(a)));
        }
    }

    @Test
    void shouldDeliverEventsCommittedRightBeforeTheServiceWasKilled() throws Exception {
        IvsClient ivs = Suite.clientA();
        List<String> arns = new ArrayList<>();
        try (EventLog log = EventLog.from("ivs.channel")) {
            // Kafka down first, so the committed events are still only in the outbox when the service dies.
            stop("kafka", "TERM");
            try {
                for (int i = 0; i < WRITES; i++) {
                    arns.add(ivs.createChannel(r -> r.name("kill-9")).channel().arn());
                }
                stop("channel-service", "KILL");
            } finally {
                restartStack();
            }
            List<JsonNode> events = log.await(ev -> created(ev, arns).size() == WRITES, Duration.ofSeconds(60));
            assertEquals(Set.copyOf(arns), created(events, arns));
        } finally {
            arns.forEach(a -> ivs.deleteChannel(r -> r.arn(a)));
        }
    }

    private static Set<String> created(List<JsonNode> events, List<String> arns) {
        return events.stream().filter(e -> "ChannelCreated.v1".equals(e.path("type").asText()))
                .map(e -> arns.stream().filter(a -> e.toString().contains(a)).findFirst().orElse(null))
                .filter(a -> a != null).collect(Collectors.toSet());
    }

    /** Signals the process the local stack started under {@code name} and waits until it is gone. */
    private static void stop(String name, String signal) throws Exception {
        File pidFile = new File(Suite.root(), ".ivs/pids/" + name + ".pid");
        long pid = Long.parseLong(Files.readString(pidFile.toPath()).trim());
        run(List.of("kill", "-" + signal, Long.toString(pid)));
        long deadline = System.currentTimeMillis() + 30_000;
        while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
    }

    /** `./ivs up` starts whatever of the stack is not running and waits until all is healthy. */
    private static void restartStack() throws Exception {
        ProcessBuilder pb = new ProcessBuilder("./ivs", "up").directory(Suite.root()).inheritIO();
        pb.environment().put("IVS_SKIP_BUILD", "1");
        Process p = pb.start();
        assertEquals(0, p.waitFor(), "./ivs up restarts the stack");
    }

    private static void run(List<String> cmd) throws IOException, InterruptedException {
        new ProcessBuilder(cmd).inheritIO().start().waitFor();
    }
}
