package dev.openivs.gateway.observability;

import dev.openivs.gateway.operation.Operation;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Per-operation request metrics and the access log. Meters are created once per operation (and error type), so
 * recording a request allocates nothing but the log line.
 * <ul>
 * <li>{@code ivs_gateway_requests_seconds} (timer with histogram buckets; {@code _count} = requests) tag
 * {@code operation};</li>
 * <li>{@code ivs_gateway_errors_total} tags {@code operation}, {@code error} (AWS error type), {@code status}.</li>
 * </ul>
 * Requests that match no operation are recorded as operation {@code unknown}.
 */
@Singleton
public class GatewayMetrics {
    public static final String UNKNOWN = "unknown";
    private static final Logger ACCESS = Logger.getLogger("dev.openivs.gateway.access");

    private final MeterRegistry registry;
    private final Timer[] timers;
    private final Map<String, Counter> errors = new ConcurrentHashMap<>();

    public GatewayMetrics(MeterRegistry registry) {
        this.registry = registry;
        Operation[] ops = Operation.values();
        timers = new Timer[ops.length + 1];
        for (Operation op : ops) {
            timers[op.ordinal()] = timer(op.name());
        }
        timers[ops.length] = timer(UNKNOWN);
    }

    /** Records one finished request and writes its access log line (no secrets, no bodies). */
    public void record(Operation operation, String account, int status, String errorType, long startNanos,
            String requestId, String method, String sourceIp) {
        long nanos = System.nanoTime() - startNanos;
        String opName = operation == null ? UNKNOWN : operation.name();
        timers[operation == null ? timers.length - 1 : operation.ordinal()].record(nanos, TimeUnit.NANOSECONDS);
        if (status >= 400) {
            String type = errorType == null ? "Unknown" : errorType;
            errors.computeIfAbsent(opName + '|' + type + '|' + status, k -> Counter.builder("ivs.gateway.errors")
                    .description("Requests answered with an AWS error, by operation and error type")
                    .tag("operation", opName).tag("error", type).tag("status", Integer.toString(status))
                    .register(registry)).increment();
        }
        if (ACCESS.isInfoEnabled()) {
            StringBuilder line = new StringBuilder(160);
            line.append("requestId=").append(requestId)
                    .append(" account=").append(account == null ? "-" : account)
                    .append(" operation=").append(opName)
                    .append(" method=").append(method)
                    .append(" status=").append(status)
                    .append(" latencyMs=").append(nanos / 1_000_000).append('.')
                    .append((nanos / 100_000) % 10)
                    .append(" sourceIp=").append(sourceIp);
            if (errorType != null) {
                line.append(" error=").append(errorType);
            }
            ACCESS.info(line);
        }
    }

    private Timer timer(String operation) {
        return Timer.builder("ivs.gateway.requests")
                .description("Requests through the gateway by operation (count, latency histogram)")
                .tag("operation", operation)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(15))
                .register(registry);
    }
}
