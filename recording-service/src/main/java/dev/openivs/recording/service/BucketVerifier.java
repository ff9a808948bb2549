package dev.openivs.recording.service;

import dev.openivs.objectstore.BucketCheck;
import dev.openivs.recording.config.RecordingConfig;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Moves a new recording configuration from CREATING to ACTIVE when its bucket exists and is writable in the
 * configured S3-compatible store, or to CREATE_FAILED (the reason goes to the log only). The check runs after the
 * create committed, on a worker thread; a periodic sweep picks up configurations left CREATING by a restart.
 * The state change is a conditional update ({@code WHERE state = 'CREATING'}), so a repeated check changes nothing
 * and a configuration deleted meanwhile stays deleted.
 */
@ApplicationScoped
public class BucketVerifier {
    private static final Logger LOG = Logger.getLogger(BucketVerifier.class);
    static final String PROBE_PREFIX = "ivs/.write-check/";

    private final BucketCheck check;
    private final Pool pool;
    private final RecordingConfig config;
    private final Vertx vertx;
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();

    public BucketVerifier(BucketCheck check, Pool pool, RecordingConfig config, Vertx vertx) {
        this.check = check;
        this.pool = pool;
        this.config = config;
        this.vertx = vertx;
    }

    void sweepPeriodically(@Observes StartupEvent event) {
        if (config.verifyBucket()) {
            vertx.setPeriodic(config.verifySweepInterval().toMillis(), id -> sweep());
        }
    }

    /** Starts the check of one configuration (no-op when one is already running for it). */
    public void verifyLater(String arn, String bucket) {
        if (!inFlight.add(arn)) {
            return;
        }
        Uni.createFrom().item(() -> check.problem(bucket, PROBE_PREFIX + arn.substring(arn.lastIndexOf('/') + 1)))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .chain(problem -> settle(arn, bucket, problem))
                .eventually(() -> inFlight.remove(arn))
                .subscribe().with(x -> { }, e -> LOG.warnf("recording configuration %s: bucket check failed: %s",
                        arn, e.toString()));
    }

    private Uni<Void> settle(String arn, String bucket, Optional<String> problem) {
        String state = problem.isEmpty() ? "ACTIVE" : "CREATE_FAILED";
        if (problem.isPresent()) {
            LOG.warnf("recording configuration %s is CREATE_FAILED: %s", arn, problem.get());
        } else {
            LOG.debugf("recording configuration %s is ACTIVE (bucket %s writable)", arn, bucket);
        }
        return pool.preparedQuery("UPDATE recording_configuration SET state = $1 WHERE arn = $2 AND state = 'CREATING'")
                .execute(Tuple.of(state, arn)).replaceWithVoid();
    }

    /** Configurations still CREATING some seconds after their creation are checked again. */
    void sweep() {
        pool.query("SELECT arn, bucket_name FROM recording_configuration WHERE state = 'CREATING'"
                        + " AND created_at < now() - interval '10 seconds' ORDER BY seq LIMIT 100")
                .execute()
                .subscribe().with(rows -> {
                    for (Row r : rows) {
                        verifyLater(r.getString("arn"), r.getString("bucket_name"));
                    }
                }, e -> LOG.debugf("sweep of CREATING recording configurations failed: %s", e.toString()));
    }
}
