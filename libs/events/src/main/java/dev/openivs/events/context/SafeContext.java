package dev.openivs.events.context;

import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.function.Supplier;

/**
 * Runs reactive database work from code that is not a Quarkus request (the RTMP connections, timers): Hibernate
 * Reactive needs a safe duplicated Vert.x context, so one is made from the given event-loop context and the work
 * is subscribed there. Results arrive on that event loop, i.e. the thread of the connection that asked.
 */
public final class SafeContext {
    private SafeContext() {
    }

    public static <T> Uni<T> on(Context base, Supplier<Uni<T>> work) {
        Context dup = VertxContext.createNewDuplicatedContext(base);
        VertxContextSafetyToggle.setContextSafe(dup, true);
        return Uni.createFrom().emitter(emitter -> dup.runOnContext(v -> {
            try {
                work.get().subscribe().with(emitter::complete, emitter::fail);
            } catch (RuntimeException e) {
                emitter.fail(e);
            }
        }));
    }

    /** On a fresh event-loop context of {@code vertx} (for timers and startup work). */
    public static <T> Uni<T> on(Vertx vertx, Supplier<Uni<T>> work) {
        return on(vertx.getOrCreateContext(), work);
    }

    /** Moves the continuation of a Uni back onto the given context (e.g. after a REST client call). */
    public static <T> Uni<T> backTo(Context context, Uni<T> uni) {
        return uni.emitOn(command -> context.runOnContext(v -> command.run()));
    }
}
