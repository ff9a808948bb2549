package dev.openivs.events;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway single-node KRaft broker (broker and controller in one process) in a child JVM, on free ports and its
 * own log dir, from the Kafka jars on the test classpath: it can be killed with SIGKILL and restarted on the same
 * ports and data, like a crashed broker. Never the shared broker on 9092.
 */
final class KafkaBroker implements AutoCloseable {
    private final Path dir;
    private final int port;
    private Process process;

    private KafkaBroker(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    /** Writes the configuration and formats the storage (not started yet). */
    static KafkaBroker format() throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("ivs-test-kafka");
        int port = freePort();
        int controllerPort = freePort();
        Files.writeString(dir.resolve("server.properties"), String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.bootstrap.servers=127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
                "log.dirs=" + dir.resolve("data"),
                "num.partitions=1",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "transaction.state.log.num.partitions=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "log.cleaner.dedupe.buffer.size=16777216",
                "num.network.threads=1",
                "num.io.threads=2",
                "background.threads=2",
                "auto.create.topics.enable=true") + "\n");
        byte[] id = new byte[16];
        new Random().nextBytes(id);
        String clusterId = Base64.getUrlEncoder().withoutPadding().encodeToString(id);
        KafkaBroker broker = new KafkaBroker(dir, port);
        Process format = broker.java("kafka.tools.StorageTool", "format", "--standalone", "-t", clusterId, "-c",
                dir.resolve("server.properties").toString()).redirectOutput(dir.resolve("format.log").toFile())
                .redirectErrorStream(true).start();
        if (!format.waitFor(60, TimeUnit.SECONDS) || format.exitValue() != 0) {
            format.destroyForcibly();
            throw new IllegalStateException("formatting the test broker failed: "
                    + Files.readString(dir.resolve("format.log")));
        }
        return broker;
    }

    String bootstrap() {
        return "127.0.0.1:" + port;
    }

    /** Starts the broker and waits until it accepts connections. */
    void start() throws IOException, InterruptedException {
        process = java("kafka.Kafka", dir.resolve("server.properties").toString())
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("broker.log").toFile()))
                .redirectErrorStream(true).start();
        long deadline = System.currentTimeMillis() + 60_000;
        while (!accepts()) {
            if (!process.isAlive() || System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("the test broker did not start: " + tail());
            }
            Thread.sleep(100);
        }
    }

    /** SIGKILL: no clean shutdown, no flush, connections reset. */
    void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
            process = null;
        }
    }

    @Override
    public void close() throws Exception {
        kill();
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private boolean accepts() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private String tail() throws IOException {
        Path log = dir.resolve("broker.log");
        if (!Files.exists(log)) {
            return "(no output)";
        }
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }

    private ProcessBuilder java(String mainClass, String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xms32m", "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).directory(dir.toFile());
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
