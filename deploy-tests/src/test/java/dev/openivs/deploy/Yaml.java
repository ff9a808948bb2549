package dev.openivs.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** YAML (1.1, with anchors and merge keys, as kubectl and docker compose read it) into Jackson trees. */
final class Yaml {
    static final ObjectMapper JSON = new ObjectMapper();

    private Yaml() {
    }

    static List<JsonNode> loadAll(String text) {
        org.yaml.snakeyaml.Yaml yaml = new org.yaml.snakeyaml.Yaml(new SafeConstructor(new LoaderOptions()));
        List<JsonNode> docs = new ArrayList<>();
        for (Object doc : yaml.loadAll(text)) {
            if (doc != null) {
                docs.add(JSON.valueToTree(doc));
            }
        }
        return docs;
    }

    static JsonNode load(String text) {
        List<JsonNode> docs = loadAll(text);
        if (docs.size() != 1) {
            throw new IllegalArgumentException("expected one YAML document, found " + docs.size());
        }
        return docs.get(0);
    }

    static List<ObjectNode> loadObjects(Path file) {
        List<ObjectNode> objects = new ArrayList<>();
        for (JsonNode doc : loadAll(read(file))) {
            if (!(doc instanceof ObjectNode o)) {
                throw new IllegalArgumentException(file + ": a document is not a mapping");
            }
            objects.add(o);
        }
        return objects;
    }

    static ObjectNode loadObject(Path file) {
        JsonNode doc = load(read(file));
        if (!(doc instanceof ObjectNode o)) {
            throw new IllegalArgumentException(file + ": not a mapping");
        }
        return o;
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
