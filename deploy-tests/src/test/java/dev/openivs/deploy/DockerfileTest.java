package dev.openivs.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each service's src/main/docker/Dockerfile.jvm (no Docker engine here to build them, so they are checked as text):
 * the Quarkus fast-jar layout from target/quarkus-app/, a non-root USER, the service's port, a health check.
 */
class DockerfileTest {
    static List<String> services() {
        return Repo.services();
    }

    @ParameterizedTest
    @MethodSource("services")
    void shouldPackageTheQuarkusAppAsANonRootImageWithAHealthCheck(String svc) throws Exception {
        Path file = Repo.root().resolve(svc).resolve("src/main/docker/Dockerfile.jvm");
        assertTrue(Files.isRegularFile(file), svc + " has no src/main/docker/Dockerfile.jvm");
        List<String[]> instructions = instructions(Files.readString(file));
        assertEquals("FROM", instructions.get(0)[0], svc + ": FROM first");
        assertTrue(instructions.get(0)[1].matches("\\S*openjdk-17\\S*:\\S+"), svc + ": a pinned Java 17 base image");

        List<String> copied = new ArrayList<>();
        int lastCopy = -1;
        int user = -1;
        String userValue = null;
        for (int i = 0; i < instructions.size(); i++) {
            String[] ins = instructions.get(i);
            switch (ins[0]) {
                case "COPY" -> {
                    lastCopy = i;
                    String[] args = ins[1].split("\\s+");
                    for (int a = 0; a < args.length - 1; a++) {
                        if (!args[a].startsWith("--")) {
                            copied.add(args[a]);
                        }
                    }
                }
                case "USER" -> {
                    user = i;
                    userValue = ins[1].strip();
                }
                default -> { }
            }
        }
        assertEquals(List.of("target/quarkus-app/lib/", "target/quarkus-app/*.jar", "target/quarkus-app/app/",
                "target/quarkus-app/quarkus/"), copied, svc + ": the fast-jar layers");
        assertTrue(user > lastCopy, svc + ": USER after the COPYs");
        assertFalse(userValue == null || userValue.equals("0") || userValue.startsWith("root"), svc + ": non-root");

        Map<String, String> values = new LinkedHashMap<>();
        instructions.forEach(ins -> values.merge(ins[0], ins[1], (a, b) -> a + "\n" + b));
        int port = Repo.httpPort(svc);
        assertTrue(List.of(values.getOrDefault("EXPOSE", "").split("\\s+")).contains(String.valueOf(port)),
                svc + ": EXPOSE " + port);
        assertTrue(values.getOrDefault("ENV", "").contains("IVS_BIND_HOST=0.0.0.0"), svc + ": listens beyond loopback");
        String health = values.getOrDefault("HEALTHCHECK", "");
        assertTrue(health.contains("/q/health/ready") && health.contains("127.0.0.1/" + port),
                svc + ": HEALTHCHECK on /q/health/ready of port " + port);
        assertTrue(values.getOrDefault("ENTRYPOINT", "").contains("run-java.sh"), svc);
        assertTrue(values.getOrDefault("ENV", "").contains("JAVA_APP_JAR=\"/deployments/quarkus-run.jar\""), svc);
    }

    /** Dockerfile instructions (keyword, rest) with line continuations joined and comments dropped. */
    static List<String[]> instructions(String text) {
        List<String[]> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : text.split("\n")) {
            String t = line.strip();
            if (current.isEmpty() && (t.isEmpty() || t.startsWith("#"))) {
                continue;
            }
            if (t.endsWith("\\")) {
                current.append(t, 0, t.length() - 1).append(' ');
                continue;
            }
            current.append(t);
            String full = current.toString().strip();
            current.setLength(0);
            int sp = full.indexOf(' ');
            out.add(new String[] {full.substring(0, sp).toUpperCase(), full.substring(sp + 1).strip()});
        }
        return out;
    }
}
