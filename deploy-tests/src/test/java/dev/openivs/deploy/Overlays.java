package dev.openivs.deploy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/** The overlays of deploy/k8s rendered and parsed into the fabric8 (and Strimzi) Kubernetes model. */
final class Overlays {
    static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static final Map<String, Class<? extends HasMetadata>> STRIMZI = Map.of(
            "Kafka", Kafka.class, "KafkaNodePool", KafkaNodePool.class, "KafkaTopic", KafkaTopic.class);
    private static final Map<String, List<HasMetadata>> CACHE = new ConcurrentHashMap<>();

    private Overlays() {
    }

    static List<HasMetadata> render(String overlay) {
        return CACHE.computeIfAbsent(overlay, o -> parse(renderRaw(o)));
    }

    /**
     * kustomize build of one overlay. The production overlay reads its secrets from a git-ignored secrets/ folder:
     * it is rendered from a copy of deploy/k8s whose secrets/ are the committed secrets.example/ files.
     */
    static List<ObjectNode> renderRaw(String overlay) {
        Path k8s = Repo.deploy().resolve("k8s");
        Path examples = k8s.resolve("overlays").resolve(overlay).resolve("secrets.example");
        if (!Files.isDirectory(examples)) {
            return Kustomize.build(k8s.resolve("overlays").resolve(overlay));
        }
        Path copy = copyTree(k8s);
        copyTree(examples, copy.resolve("overlays").resolve(overlay).resolve("secrets"));
        return Kustomize.build(copy.resolve("overlays").resolve(overlay));
    }

    static List<HasMetadata> parse(List<ObjectNode> docs) {
        List<HasMetadata> out = new ArrayList<>();
        for (ObjectNode doc : docs) {
            String json = doc.toString();
            Class<? extends HasMetadata> strimzi = doc.path("apiVersion").asText().startsWith("kafka.strimzi.io/")
                    ? STRIMZI.get(doc.path("kind").asText()) : null;
            out.add(strimzi != null ? SERIALIZATION.unmarshal(json, strimzi) : SERIALIZATION.unmarshal(json));
        }
        return out;
    }

    static <T extends HasMetadata> List<T> all(List<HasMetadata> resources, Class<T> type) {
        return resources.stream().filter(type::isInstance).map(type::cast).toList();
    }

    static <T extends HasMetadata> Optional<T> find(List<HasMetadata> resources, Class<T> type, String name) {
        return all(resources, type).stream().filter(r -> name.equals(r.getMetadata().getName())).findFirst();
    }

    static List<GenericKubernetesResource> generic(List<HasMetadata> resources, String kind) {
        return all(resources, GenericKubernetesResource.class).stream().filter(r -> kind.equals(r.getKind())).toList();
    }

    private static Path copyTree(Path from) {
        try {
            Path tmp = Files.createTempDirectory("ivs-k8s-");
            copyTree(from, tmp);
            return tmp;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void copyTree(Path from, Path to) {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : files.toList()) {
                Path rel = from.relativize(p);
                if (rel.toString().equals("secrets") || rel.toString().contains("secrets/")
                        && !rel.toString().contains("secrets.example")) {
                    continue; // never read an operator's real secrets
                }
                Path dest = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(dest);
                } else {
                    Files.copy(p, dest, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
