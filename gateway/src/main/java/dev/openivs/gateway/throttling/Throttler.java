package dev.openivs.gateway.throttling;

import dev.openivs.gateway.config.GatewayConfig;
import dev.openivs.gateway.operation.Operation;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Per-account, per-operation token buckets with the AWS published API rate quotas as defaults (see
 * {@link Operation}), overridable per account, plus PutMetadata's per-channel bucket. With several replicas each
 * enforces quota / replicas (see README: per-replica shares, no shared state on the hot path).
 */
@Singleton
public class Throttler {
    /** Pseudo operation name for the per-channel PutMetadata quota in overrides. */
    public static final String PUT_METADATA_PER_CHANNEL = "PutMetadata.channel";
    private static final Logger LOG = Logger.getLogger(Throttler.class);
    private static final long IDLE_NANOS = 60_000_000_000L;
    private static final String ANY = "*";

    private final boolean enabled;
    private final int replicas;
    /** account (or "*") -> operation name (or "*") -> TPS. */
    private final Map<String, Map<String, Double>> overrides;
    private final Map<String, AccountBuckets> accounts = new ConcurrentHashMap<>();

    @Inject
    public Throttler(GatewayConfig config, Vertx vertx) {
        this(config);
        vertx.setPeriodic(IDLE_NANOS / 1_000_000, id -> evictIdle());
    }

    Throttler(GatewayConfig config) {
        this.enabled = config.throttling().enabled();
        this.replicas = Math.max(1, config.throttling().replicas());
        this.overrides = parseOverrides(config.throttling().overrides().orElse(""));
        LOG.infof("Throttling %s (replicas=%d, %d override scopes)", enabled ? "on" : "off", replicas,
                overrides.size());
    }

    public boolean enabled() {
        return enabled;
    }

    /** True when the request may pass; false means ThrottlingException. channelArn only for PutMetadata. */
    public boolean tryAcquire(String account, Operation operation, String channelArn) {
        if (!enabled) {
            return true;
        }
        long now = System.nanoTime();
        AccountBuckets buckets = accounts.computeIfAbsent(account, a -> new AccountBuckets(a, now));
        if (!buckets.perOperation[operation.ordinal()].tryAcquire(now)) {
            return false;
        }
        if (operation == Operation.PutMetadata && channelArn != null) {
            TokenBucket channel = buckets.perChannel.computeIfAbsent(channelArn,
                    c -> new TokenBucket(buckets.perChannelRate, now));
            return channel.tryAcquire(now);
        }
        return true;
    }

    /** The effective per-replica rate of an operation for an account (for tests and the README's table). */
    public double rate(String account, String operationName, double defaultTps) {
        Double tps = lookup(account, operationName);
        return (tps == null ? defaultTps : tps) / replicas;
    }

    /** Drops idle per-channel buckets (they would be full again anyway), so the map stays bounded. */
    void evictIdle() {
        long now = System.nanoTime();
        accounts.values().forEach(b -> b.perChannel.values().removeIf(t -> t.idleSince(now, IDLE_NANOS)));
    }

    private Double lookup(String account, String operationName) {
        for (String a : new String[] {account, ANY}) {
            Map<String, Double> byOperation = overrides.get(a);
            if (byOperation != null) {
                Double tps = byOperation.get(operationName);
                if (tps == null && !PUT_METADATA_PER_CHANNEL.equals(operationName)) {
                    tps = byOperation.get(ANY);
                }
                if (tps != null) {
                    return tps;
                }
            }
        }
        return null;
    }

    static Map<String, Map<String, Double>> parseOverrides(String spec) {
        Map<String, Map<String, Double>> result = new HashMap<>();
        for (String entry : spec.split(",")) {
            String e = entry.trim();
            if (e.isEmpty()) {
                continue;
            }
            int colon = e.indexOf(':');
            int eq = e.indexOf('=');
            if (colon <= 0 || eq < colon + 2) {
                throw new IllegalArgumentException("Throttling override must be <account|*>:<Operation|*>=<tps>: " + e);
            }
            String account = e.substring(0, colon).trim();
            String operation = e.substring(colon + 1, eq).trim();
            if (!ANY.equals(operation) && !PUT_METADATA_PER_CHANNEL.equals(operation)
                    && Operation.byName(operation) == null) {
                throw new IllegalArgumentException("Unknown operation in throttling override: " + operation);
            }
            double tps = Double.parseDouble(e.substring(eq + 1).trim());
            if (!(tps > 0)) {
                throw new IllegalArgumentException("Throttling override rate must be positive: " + e);
            }
            result.computeIfAbsent(account, a -> new HashMap<>()).put(operation, tps);
        }
        return result;
    }

    private final class AccountBuckets {
        final TokenBucket[] perOperation;
        final double perChannelRate;
        final Map<String, TokenBucket> perChannel = new ConcurrentHashMap<>();

        AccountBuckets(String account, long now) {
            Operation[] ops = Operation.values();
            perOperation = new TokenBucket[ops.length];
            for (Operation op : ops) {
                perOperation[op.ordinal()] = new TokenBucket(rate(account, op.name(), op.defaultTps()), now);
            }
            perChannelRate = rate(account, PUT_METADATA_PER_CHANNEL, Operation.PUT_METADATA_PER_CHANNEL_TPS);
        }
    }
}
