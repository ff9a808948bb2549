package dev.openivs.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The subset of {@code kustomize build} that deploy/k8s uses (no kustomize binary or Java port exists on the
 * registries this project reaches): resources (files and directories), secretGenerator/configMapGenerator (literals,
 * files, envs; only with disableNameSuffixHash), patches (strategic merge for the list keys used here, or RFC 6902
 * with a target by kind/name), images (newName/newTag) and namespace. Any other field of a kustomization is refused,
 * so the renderer never silently ignores something real kustomize would do.
 */
final class Kustomize {
    private static final Set<String> FIELDS = Set.of("apiVersion", "kind", "namespace", "resources", "images",
            "patches", "secretGenerator", "configMapGenerator", "generatorOptions");
    private static final Set<String> CLUSTER_SCOPED = Set.of("Namespace", "ClusterRole", "ClusterRoleBinding",
            "CustomResourceDefinition", "PersistentVolume", "StorageClass", "PriorityClass");
    /** patchMergeKey of the Kubernetes lists this project patches strategically (others are replaced whole). */
    private static final Map<String, String> MERGE_KEYS = Map.of("containers", "name", "initContainers", "name",
            "env", "name", "volumes", "name", "volumeMounts", "mountPath");

    private Kustomize() {
    }

    static List<ObjectNode> build(Path dir) {
        ObjectNode k = Yaml.loadObject(dir.resolve("kustomization.yaml"));
        k.fieldNames().forEachRemaining(f -> {
            if (!FIELDS.contains(f)) {
                throw new IllegalArgumentException(dir + ": kustomization field '" + f + "' is not supported");
            }
        });
        List<ObjectNode> out = new ArrayList<>();
        for (JsonNode r : k.path("resources")) {
            Path p = dir.resolve(r.asText()).normalize();
            if (Files.isDirectory(p)) {
                out.addAll(build(p));
            } else if (Files.isRegularFile(p)) {
                out.addAll(Yaml.loadObjects(p));
            } else {
                throw new IllegalArgumentException(dir + ": resource " + r.asText() + " does not exist");
            }
        }
        boolean generators = k.has("secretGenerator") || k.has("configMapGenerator");
        if (generators && !k.path("generatorOptions").path("disableNameSuffixHash").asBoolean(false)) {
            throw new IllegalArgumentException(dir + ": generators need generatorOptions.disableNameSuffixHash: true"
                    + " (name hashes are not rendered here)");
        }
        for (JsonNode g : k.path("secretGenerator")) {
            out.add(generate(dir, g, "Secret"));
        }
        for (JsonNode g : k.path("configMapGenerator")) {
            out.add(generate(dir, g, "ConfigMap"));
        }
        for (JsonNode p : k.path("patches")) {
            patch(dir, out, p);
        }
        for (JsonNode image : k.path("images")) {
            out.forEach(o -> setImage(o, image));
        }
        if (k.hasNonNull("namespace")) {
            String ns = k.get("namespace").asText();
            out.stream().filter(o -> !CLUSTER_SCOPED.contains(o.path("kind").asText()))
                    .forEach(o -> ((ObjectNode) o.get("metadata")).put("namespace", ns));
        }
        Set<String> ids = new HashSet<>();
        for (ObjectNode o : out) {
            String id = o.path("apiVersion").asText() + "/" + o.path("kind").asText() + "/"
                    + o.path("metadata").path("namespace").asText() + "/" + o.path("metadata").path("name").asText();
            if (!ids.add(id)) {
                throw new IllegalArgumentException(dir + ": resource " + id + " appears twice");
            }
        }
        return out;
    }

    private static ObjectNode generate(Path dir, JsonNode g, String kind) {
        ObjectNode o = Yaml.JSON.createObjectNode();
        o.put("apiVersion", "v1").put("kind", kind);
        o.putObject("metadata").put("name", g.path("name").asText());
        if (g.hasNonNull("type")) {
            o.put("type", g.get("type").asText());
        }
        ObjectNode data = o.putObject("data");
        boolean secret = kind.equals("Secret");
        for (JsonNode l : g.path("literals")) {
            put(data, l.asText(), secret);
        }
        for (JsonNode e : g.path("envs")) {
            for (String line : Yaml.read(dir.resolve(e.asText())).split("\n")) {
                String t = line.strip();
                if (!t.isEmpty() && !t.startsWith("#")) {
                    put(data, t, secret);
                }
            }
        }
        for (JsonNode f : g.path("files")) {
            String spec = f.asText();
            int eq = spec.indexOf('=');
            String key = eq < 0 ? Path.of(spec).getFileName().toString() : spec.substring(0, eq);
            put(data, key + "=" + Yaml.read(dir.resolve(eq < 0 ? spec : spec.substring(eq + 1))), secret);
        }
        g.fieldNames().forEachRemaining(f -> {
            if (!Set.of("name", "type", "literals", "envs", "files").contains(f)) {
                throw new IllegalArgumentException(dir + ": generator field '" + f + "' is not supported");
            }
        });
        return o;
    }

    private static void put(ObjectNode data, String keyValue, boolean base64) {
        int eq = keyValue.indexOf('=');
        if (eq <= 0) {
            throw new IllegalArgumentException("not key=value: " + keyValue.lines().findFirst().orElse(""));
        }
        String value = keyValue.substring(eq + 1);
        data.put(keyValue.substring(0, eq), base64
                ? Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8)) : value);
    }

    private static void patch(Path dir, List<ObjectNode> resources, JsonNode p) {
        String text = p.hasNonNull("path") ? Yaml.read(dir.resolve(p.get("path").asText())) : p.path("patch").asText();
        JsonNode target = p.path("target");
        for (JsonNode doc : Yaml.loadAll(text)) {
            String kind;
            String name;
            if (doc.isArray()) {
                if (target.isMissingNode()) {
                    throw new IllegalArgumentException(dir + ": a JSON 6902 patch needs a target");
                }
                kind = target.path("kind").asText(null);
                name = target.path("name").asText(null);
            } else {
                kind = target.path("kind").asText(doc.path("kind").asText(null));
                name = target.path("name").asText(doc.path("metadata").path("name").asText(null));
            }
            int matched = 0;
            for (ObjectNode r : resources) {
                if ((kind == null || kind.equals(r.path("kind").asText()))
                        && (name == null || name.equals(r.path("metadata").path("name").asText()))) {
                    matched++;
                    if (doc.isArray()) {
                        JsonPatch.apply(r, (ArrayNode) doc);
                    } else {
                        strategicMerge(r, (ObjectNode) doc);
                    }
                }
            }
            if (matched == 0) {
                throw new IllegalArgumentException(dir + ": patch for " + kind + "/" + name + " matches nothing");
            }
        }
    }

    /** Strategic merge: maps merge, null deletes, lists with a known merge key merge by it, other lists replace. */
    static void strategicMerge(ObjectNode target, ObjectNode patch) {
        Iterator<Map.Entry<String, JsonNode>> it = patch.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = e.getKey();
            JsonNode value = e.getValue();
            if (key.startsWith("$")) {
                throw new IllegalArgumentException("strategic merge directive " + key + " is not supported");
            }
            JsonNode current = target.get(key);
            if (value.isNull()) {
                target.remove(key);
            } else if (value.isObject() && current instanceof ObjectNode c) {
                strategicMerge(c, (ObjectNode) value);
            } else if (value.isArray() && current instanceof ArrayNode c && MERGE_KEYS.containsKey(key)) {
                mergeList(c, (ArrayNode) value, MERGE_KEYS.get(key));
            } else {
                target.set(key, value.deepCopy());
            }
        }
    }

    private static void mergeList(ArrayNode current, ArrayNode patch, String mergeKey) {
        for (JsonNode item : patch) {
            String id = item.path(mergeKey).asText(null);
            if (id == null) {
                throw new IllegalArgumentException("list item without merge key " + mergeKey + ": " + item);
            }
            ObjectNode existing = null;
            for (JsonNode c : current) {
                if (id.equals(c.path(mergeKey).asText(null))) {
                    existing = (ObjectNode) c;
                }
            }
            if (existing == null) {
                current.add(item.deepCopy());
            } else {
                strategicMerge(existing, (ObjectNode) item);
            }
        }
    }

    private static void setImage(JsonNode node, JsonNode image) {
        if (node instanceof ObjectNode o) {
            for (String list : List.of("containers", "initContainers")) {
                for (JsonNode c : o.path(list)) {
                    String ref = c.path("image").asText("");
                    int slash = ref.lastIndexOf('/');
                    int colon = ref.lastIndexOf(':');
                    String name = colon > slash ? ref.substring(0, colon) : ref;
                    String tag = colon > slash ? ref.substring(colon + 1) : null;
                    if (name.equals(image.path("name").asText())) {
                        String newName = image.path("newName").asText(name);
                        String newTag = image.path("newTag").asText(tag);
                        ((ObjectNode) c).put("image", newTag == null ? newName : newName + ":" + newTag);
                    }
                }
            }
            o.elements().forEachRemaining(child -> setImage(child, image));
        } else if (node instanceof ArrayNode a) {
            a.elements().forEachRemaining(child -> setImage(child, image));
        }
    }
}
