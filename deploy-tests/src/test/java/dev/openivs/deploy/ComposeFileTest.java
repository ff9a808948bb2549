package dev.openivs.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** deploy/docker-compose.yml: the whole suite with Kafka (KRaft), PostgreSQL and an S3-compatible store. */
class ComposeFileTest {
    private static final JsonNode COMPOSE = Yaml.load(Yaml.read(Repo.deploy().resolve("docker-compose.yml")));
    private static final JsonNode SERVICES = COMPOSE.path("services");

    @Test
    void shouldBuildEveryServiceOfTheBuildFromItsDockerfile() {
        for (String svc : Repo.services()) {
            JsonNode s = SERVICES.path(svc);
            assertFalse(s.isMissingNode(), "compose has no service " + svc);
            assertEquals("../" + svc, s.path("build").path("context").asText(), svc);
            assertEquals("src/main/docker/Dockerfile.jvm", s.path("build").path("dockerfile").asText(), svc);
            assertTrue(Repo.root().resolve(svc).resolve("src/main/docker/Dockerfile.jvm").toFile().isFile(), svc);
            assertTrue(s.path("depends_on").has("postgres") && s.path("depends_on").has("kafka-topics"),
                    svc + " starts after PostgreSQL and the Kafka topics");
        }
    }

    @Test
    void shouldGiveEveryServiceTheSettingsItReads() {
        Map<String, String> urls = Repo.restClientUrlEnv();
        for (String svc : Repo.services()) {
            JsonNode env = SERVICES.path(svc).path("environment");
            for (String key : List.of("IVS_DB_HOST", "IVS_DB_PORT", "IVS_DB_NAME", "IVS_DB_USER", "IVS_DB_PASSWORD",
                    "KAFKA_BOOTSTRAP_SERVERS", "IVS_INTERNAL_TOKEN", "IVS_REGION")) {
                assertFalse(env.path(key).asText("").isBlank(), svc + " lacks " + key);
            }
            assertEquals("0.0.0.0", env.path("IVS_BIND_HOST").asText(), svc);
            assertEquals("postgres", env.path("IVS_DB_HOST").asText());
            assertEquals("kafka:9092", env.path("KAFKA_BOOTSTRAP_SERVERS").asText());
            for (Map.Entry<String, String> u : urls.entrySet()) {
                assertEquals("http://" + u.getValue() + ":" + Repo.httpPort(u.getValue()), env.path(u.getKey()).asText(),
                        svc + ": " + u.getKey());
                assertTrue(SERVICES.has(u.getValue()), u.getKey() + " names no compose service");
            }
        }
        String accountsFile = SERVICES.path("gateway").path("environment").path("IVS_ACCOUNTS_FILE").asText();
        String mount = SERVICES.path("gateway").path("volumes").get(0).asText();
        String[] parts = mount.split(":");
        assertEquals(accountsFile, parts[1], "the accounts file is mounted where IVS_ACCOUNTS_FILE points");
        assertFalse(Accounts.parse(Yaml.read(Repo.deploy().resolve(parts[0]))).isEmpty(), mount);
    }

    @Test
    void shouldPublishOnlyTheGatewayAndTheMediaEdgeOfTheServices() {
        Set<String> published = new TreeSet<>();
        for (String svc : Repo.services()) {
            for (JsonNode p : SERVICES.path(svc).path("ports")) {
                published.add(svc + " " + p.asText());
            }
        }
        assertEquals(new TreeSet<>(Set.of("gateway 8080:8080", "stream-service 1935:1935",
                "stream-service 443:8443", "stream-service 8090:8090", "stream-service 9000:9000/udp")), published);
    }

    @Test
    void shouldRunKafkaInKraftModeAndCreateTheTopicsOfTopicsTxt() {
        JsonNode kafka = SERVICES.path("kafka");
        assertTrue(kafka.path("image").asText().startsWith("apache/kafka:"), "the apache/kafka image");
        String roles = kafka.path("environment").path("KAFKA_PROCESS_ROLES").asText();
        assertTrue(roles.contains("broker") && roles.contains("controller"), "KRaft combined mode: " + roles);
        assertTrue(kafka.path("environment").path("KAFKA_ADVERTISED_LISTENERS").asText().contains("kafka:9092"));
        assertFalse(kafka.path("environment").has("KAFKA_ZOOKEEPER_CONNECT"));
        JsonNode topics = SERVICES.path("kafka-topics");
        List<String> volumes = new ArrayList<>();
        topics.path("volumes").forEach(v -> volumes.add(v.asText()));
        assertTrue(volumes.contains("./topics.txt:/topics.txt:ro"), "topics come from deploy/topics.txt");
        assertTrue(topics.path("command").toString().contains("--if-not-exists"));
    }

    @Test
    void shouldRunPostgresqlAndAnS3CompatibleStoreWithHealthChecks() {
        JsonNode pg = SERVICES.path("postgres");
        assertTrue(pg.path("image").asText().startsWith("postgres:"));
        assertNotNull(pg.path("healthcheck").get("test"));
        JsonNode env = SERVICES.path("gateway").path("environment");
        assertEquals(env.path("IVS_DB_NAME").asText(), pg.path("environment").path("POSTGRES_DB").asText());
        assertEquals(env.path("IVS_DB_USER").asText(), pg.path("environment").path("POSTGRES_USER").asText());
        assertEquals(env.path("IVS_DB_PASSWORD").asText(), pg.path("environment").path("POSTGRES_PASSWORD").asText());
        JsonNode minio = SERVICES.path("minio");
        assertTrue(minio.path("image").asText().contains("minio/minio"));
        assertEquals("http://minio:9000", env.path("IVS_S3_ENDPOINT").asText());
        assertEquals(env.path("IVS_S3_ACCESS_KEY_ID").asText(),
                minio.path("environment").path("MINIO_ROOT_USER").asText());
    }
}
