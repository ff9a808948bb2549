package dev.openivs.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/** Replaces secrets in a JSON tree by the marker CloudTrail uses, before anything is written to an event. */
public final class Secrets {
    public static final String HIDDEN = "HIDDEN_DUE_TO_SECURITY_REASONS";
    private static final Set<String> ALWAYS = Set.of("passphrase", "publicKeyMaterial", "privateKey", "privateKeyMaterial");

    private Secrets() {
    }

    /** Scrubs in place and returns the node. A StreamKey's {@code value} (object with channelArn) is hidden too. */
    public static JsonNode scrub(JsonNode node) {
        if (node instanceof ObjectNode object) {
            boolean streamKey = object.has("channelArn") && object.has("value");
            Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> f = fields.next();
                if (ALWAYS.contains(f.getKey()) || (streamKey && f.getKey().equals("value"))) {
                    f.setValue(object.textNode(HIDDEN));
                } else {
                    scrub(f.getValue());
                }
            }
        } else if (node != null && node.isArray()) {
            node.forEach(Secrets::scrub);
        }
        return node;
    }
}
