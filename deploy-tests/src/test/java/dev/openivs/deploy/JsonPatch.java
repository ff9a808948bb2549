package dev.openivs.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** RFC 6902 add / replace / remove on a Jackson tree (what the kustomize overlays here use). */
final class JsonPatch {
    private JsonPatch() {
    }

    static void apply(ObjectNode target, ArrayNode ops) {
        for (JsonNode op : ops) {
            String path = op.path("path").asText();
            int cut = path.lastIndexOf('/');
            if (!path.startsWith("/") || cut < 0) {
                throw new IllegalArgumentException("bad JSON pointer " + path);
            }
            JsonNode parent = target.at(path.substring(0, cut));
            String last = path.substring(cut + 1).replace("~1", "/").replace("~0", "~");
            String kind = op.path("op").asText();
            if (parent.isMissingNode()) {
                throw new IllegalArgumentException(kind + " " + path + ": parent does not exist");
            }
            switch (kind) {
                case "add" -> add(parent, last, op.get("value"), path);
                case "replace" -> {
                    remove(parent, last, path);
                    add(parent, last, op.get("value"), path);
                }
                case "remove" -> remove(parent, last, path);
                default -> throw new IllegalArgumentException("JSON patch op " + kind + " is not supported");
            }
        }
    }

    private static void add(JsonNode parent, String last, JsonNode value, String path) {
        if (value == null) {
            throw new IllegalArgumentException(path + ": no value");
        }
        if (parent instanceof ObjectNode o) {
            o.set(last, value.deepCopy());
        } else if (parent instanceof ArrayNode a) {
            if (last.equals("-")) {
                a.add(value.deepCopy());
            } else {
                a.insert(index(a, last, path, true), value.deepCopy());
            }
        } else {
            throw new IllegalArgumentException(path + ": parent is a scalar");
        }
    }

    private static void remove(JsonNode parent, String last, String path) {
        if (parent instanceof ObjectNode o) {
            if (o.remove(last) == null) {
                throw new IllegalArgumentException(path + " does not exist");
            }
        } else if (parent instanceof ArrayNode a) {
            a.remove(index(a, last, path, false));
        } else {
            throw new IllegalArgumentException(path + ": parent is a scalar");
        }
    }

    private static int index(ArrayNode a, String last, String path, boolean forAdd) {
        int i;
        try {
            i = Integer.parseInt(last);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(path + ": not an array index");
        }
        if (i < 0 || i > a.size() || (!forAdd && i == a.size())) {
            throw new IllegalArgumentException(path + ": index out of range");
        }
        return i;
    }
}
