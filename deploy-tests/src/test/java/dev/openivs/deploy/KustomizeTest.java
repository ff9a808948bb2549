package dev.openivs.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The kustomize subset behaves like kustomize on the features deploy/k8s uses, and refuses the rest. */
class KustomizeTest {
    @TempDir
    Path dir;

    private static final String DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: app
            spec:
              replicas: 2
              template:
                spec:
                  containers:
                    - name: app
                      image: openivs/app:1.0
                      env:
                        - name: A
                          value: "1"
            """;

    @Test
    void shouldMergeContainersAndEnvByNameAndSetImagesAndNamespace() throws Exception {
        Files.createDirectories(dir.resolve("base"));
        Files.writeString(dir.resolve("base/app.yaml"), DEPLOYMENT);
        Files.writeString(dir.resolve("base/kustomization.yaml"), "resources:\n  - app.yaml\n");
        Files.writeString(dir.resolve("patch.yaml"), """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: app
                spec:
                  template:
                    spec:
                      containers:
                        - name: app
                          env:
                            - name: B
                              value: "2"
                """);
        Files.writeString(dir.resolve("kustomization.yaml"), """
                namespace: ns
                resources:
                  - base
                images:
                  - name: openivs/app
                    newName: registry.example.com/openivs/app
                    newTag: "2.0"
                patches:
                  - path: patch.yaml
                  - target:
                      kind: Deployment
                    patch: |-
                      - op: replace
                        path: /spec/replicas
                        value: 5
                """);
        List<ObjectNode> out = Kustomize.build(dir);
        assertEquals(1, out.size());
        ObjectNode d = out.get(0);
        assertEquals("ns", d.at("/metadata/namespace").asText());
        assertEquals(5, d.at("/spec/replicas").asInt());
        ObjectNode c = (ObjectNode) d.at("/spec/template/spec/containers/0");
        assertEquals("registry.example.com/openivs/app:2.0", c.path("image").asText());
        assertEquals(2, ((ArrayNode) c.path("env")).size(), "env merged by name, not replaced");
    }

    @Test
    void shouldRefuseWhatItDoesNotImplementInsteadOfIgnoringIt() throws Exception {
        Files.writeString(dir.resolve("app.yaml"), DEPLOYMENT);
        Files.writeString(dir.resolve("kustomization.yaml"), "resources:\n  - app.yaml\ncommonLabels:\n  a: b\n");
        assertThrows(IllegalArgumentException.class, () -> Kustomize.build(dir));
        Files.writeString(dir.resolve("kustomization.yaml"),
                "resources:\n  - app.yaml\nsecretGenerator:\n  - name: s\n    literals: [a=b]\n");
        assertThrows(IllegalArgumentException.class, () -> Kustomize.build(dir), "hash suffixes are not rendered");
        Files.writeString(dir.resolve("kustomization.yaml"), """
                resources:
                  - app.yaml
                patches:
                  - target:
                      kind: Deployment
                      name: other
                    patch: |-
                      - op: replace
                        path: /spec/replicas
                        value: 1
                """);
        assertThrows(IllegalArgumentException.class, () -> Kustomize.build(dir), "a patch that matches nothing");
    }

    @Test
    void shouldGenerateBase64SecretsFromLiteralsEnvFilesAndFiles() throws Exception {
        Files.writeString(dir.resolve("db.env"), "# comment\nusername=ivs\n");
        Files.writeString(dir.resolve("keys.json"), "{}");
        Files.writeString(dir.resolve("kustomization.yaml"), """
                generatorOptions:
                  disableNameSuffixHash: true
                secretGenerator:
                  - name: s
                    type: kubernetes.io/basic-auth
                    literals: [password=p]
                    envs: [db.env]
                    files: [k.json=keys.json]
                """);
        ObjectNode s = Kustomize.build(dir).get(0);
        assertEquals("kubernetes.io/basic-auth", s.path("type").asText());
        assertEquals("aXZz", s.at("/data/username").asText());
        assertEquals("cA==", s.at("/data/password").asText());
        assertEquals("e30=", s.at("/data/k.json").asText());
        assertTrue(s.at("/metadata/name").asText().equals("s"));
    }
}
