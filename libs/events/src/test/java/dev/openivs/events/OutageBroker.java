package dev.openivs.events;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Runs the application of a test against its own {@link KafkaBroker} and its own schema (no other relay, e.g. one
 * of a parallel build, publishes its rows elsewhere).
 */
public class OutageBroker implements QuarkusTestResourceLifecycleManager {
    static KafkaBroker broker;

    @Override
    public Map<String, String> start() {
        try {
            broker = KafkaBroker.format();
            broker.start();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return Map.of("kafka.bootstrap.servers", broker.bootstrap(), "ivs.db.schema", "events_outage_test");
    }

    @Override
    public void stop() {
        try {
            broker.close();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
