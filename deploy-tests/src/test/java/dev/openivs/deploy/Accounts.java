package dev.openivs.deploy;

import java.util.ArrayList;
import java.util.List;

/** The gateway's accounts file (IVS_ACCOUNTS_FILE): one {@code account accessKeyId secret} per line, # comments. */
final class Accounts {
    private Accounts() {
    }

    /** The access key ids of a well-formed file; throws on a malformed line, as the gateway does at start. */
    static List<String> parse(String text) {
        List<String> keys = new ArrayList<>();
        for (String line : text.split("\n")) {
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("#")) {
                continue;
            }
            String[] parts = t.split("\\s+");
            if (parts.length != 3 || !parts[0].matches("\\d{12}") || !parts[1].matches("[A-Z0-9]{16,128}")) {
                throw new IllegalArgumentException("accounts file line is not 'account accessKeyId secret': "
                        + (parts.length > 1 ? parts[0] + " " + parts[1] : "?"));
            }
            keys.add(parts[1]);
        }
        return keys;
    }
}
