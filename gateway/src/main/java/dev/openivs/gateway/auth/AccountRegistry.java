package dev.openivs.gateway.auth;

import dev.openivs.gateway.config.GatewayConfig;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * Access keys and the account each belongs to: the two documented example accounts (unless turned off), the
 * {@code IVS_ACCOUNTS} list and the {@code IVS_ACCOUNTS_FILE} file. Secrets are never logged.
 */
@Singleton
public class AccountRegistry {
    /** The AWS documentation's example accounts, shipped for the local stack. */
    public static final List<String[]> EXAMPLE_ACCOUNTS = List.of(
            new String[] {"123456789012", "AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"},
            new String[] {"210987654321", "AKIAI44QH8DHBEXAMPLE", "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY"});

    private static final Logger LOG = Logger.getLogger(AccountRegistry.class);
    private static final Pattern ACCOUNT = Pattern.compile("[0-9]{12}");
    private static final Pattern ACCESS_KEY = Pattern.compile("[A-Z0-9]{16,128}");

    private final Map<String, Credential> byAccessKey = new HashMap<>();

    @Inject
    public AccountRegistry(GatewayConfig config) {
        GatewayConfig.Accounts accounts = config.accounts();
        if (accounts.examples()) {
            EXAMPLE_ACCOUNTS.forEach(a -> add(a[0], a[1], a[2], "example accounts"));
        }
        accounts.list().ifPresent(list -> {
            for (String entry : list.split(",")) {
                if (!entry.isBlank()) {
                    String[] parts = entry.trim().split(":", 3);
                    if (parts.length != 3) {
                        throw new IllegalArgumentException("IVS_ACCOUNTS entry must be account:accessKeyId:secret");
                    }
                    add(parts[0], parts[1], parts[2], "IVS_ACCOUNTS");
                }
            }
        });
        accounts.file().filter(f -> !f.isBlank()).ifPresent(this::addFile);
        LOG.infof("%d access keys configured for %d accounts", byAccessKey.size(),
                byAccessKey.values().stream().map(Credential::accountId).distinct().count());
    }

    /** A fixed set of credentials (tests). */
    AccountRegistry(Collection<Credential> credentials) {
        credentials.forEach(c -> byAccessKey.put(c.accessKeyId(), c));
    }

    /** The credential of an access key id, or null. */
    public Credential find(String accessKeyId) {
        return byAccessKey.get(accessKeyId);
    }

    private void addFile(String file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(Path.of(file));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read accounts file " + file, e);
        }
        for (String line : lines) {
            String trimmed = line.trim();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            String[] parts = trimmed.split("\\s+");
            if (parts.length != 3) {
                throw new IllegalArgumentException("Accounts file lines must be: account accessKeyId secret");
            }
            add(parts[0], parts[1], parts[2], file);
        }
    }

    private void add(String account, String accessKeyId, String secret, String source) {
        if (!ACCOUNT.matcher(account).matches() || !ACCESS_KEY.matcher(accessKeyId).matches() || secret.isEmpty()) {
            throw new IllegalArgumentException("Invalid account entry in " + source + " for access key "
                    + accessKeyId + " (account must be 12 digits, key 16-128 upper-case letters/digits)");
        }
        Credential previous = byAccessKey.put(accessKeyId, new Credential(account, accessKeyId, secret));
        if (previous != null && !previous.accountId().equals(account)) {
            throw new IllegalArgumentException("Access key " + accessKeyId + " configured for two accounts");
        }
    }
}
