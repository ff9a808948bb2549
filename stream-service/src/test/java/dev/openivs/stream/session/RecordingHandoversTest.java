package dev.openivs.stream.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.openivs.aws.support.Ids;
import dev.openivs.events.context.SafeContext;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The handover's rules on the real database: exactly one of claim (a reconnect on any replica) and close (the
 * offering replica at the end of its window) wins, also when they race; a claim needs the window open; a new offer
 * replaces a claimed one.
 */
@QuarkusTest
class RecordingHandoversTest {
    @Inject
    RecordingHandovers handovers;

    @Inject
    Vertx vertx;

    private <T> T run(Supplier<Uni<T>> work) {
        return SafeContext.on(vertx, work).await().atMost(Duration.ofSeconds(10));
    }

    private static String channel() {
        return "arn:aws:ivs:us-west-2:123456789012:channel/" + Ids.resourceId();
    }

    @Test
    void shouldLetAClaimWinOverTheCloseThatFollows() {
        String ch = channel();
        Instant now = Instant.now();
        run(() -> handovers.offer(ch, "t1", now.plusSeconds(30), "{\"s\":1}"));
        RecordingHandovers.Offer offer = run(() -> handovers.open(ch, now));
        assertNotNull(offer);
        assertEquals("t1", offer.token());
        assertEquals("{\"s\":1}", offer.recording());
        assertTrue(run(() -> handovers.claim(ch, "t1", now)));
        assertFalse(run(() -> handovers.claim(ch, "t1", now)), "claimed once");
        assertNull(run(() -> handovers.open(ch, now)), "a claimed offer is not open");
        assertFalse(run(() -> handovers.close(ch, "t1")), "the offerer hands over");
        // the continuing replica offers again when its stream ends: the row is replaced
        run(() -> handovers.offer(ch, "t2", now.plusSeconds(30), "{\"s\":2}"));
        assertEquals("t2", run(() -> handovers.open(ch, now)).token());
        assertFalse(run(() -> handovers.claim(ch, "t1", now)), "the old token claims nothing");
        assertTrue(run(() -> handovers.close(ch, "t2")), "unclaimed: the offerer finishes");
        assertNull(run(() -> handovers.open(ch, now)));
    }

    @Test
    void shouldNotClaimAClosedOrExpiredOffer() {
        String ch = channel();
        Instant now = Instant.now();
        run(() -> handovers.offer(ch, "t1", now.plusSeconds(30), "{}"));
        assertTrue(run(() -> handovers.close(ch, "t1")));
        assertFalse(run(() -> handovers.claim(ch, "t1", now)));
        run(() -> handovers.offer(ch, "t2", now.minusSeconds(1), "{}"));
        assertNull(run(() -> handovers.open(ch, now)), "window over");
        assertFalse(run(() -> handovers.claim(ch, "t2", now)));
        run(() -> handovers.withdraw(ch, "t2"));
        assertNull(run(() -> handovers.open(ch, now.minusSeconds(10))));
    }

    @Test
    void shouldLetExactlyOneOfRacingClaimAndCloseWin() throws Exception {
        for (int i = 0; i < 20; i++) {
            String ch = channel();
            Instant now = Instant.now();
            run(() -> handovers.offer(ch, "t", now.plusSeconds(30), "{}"));
            List<CompletableFuture<Boolean>> both = new ArrayList<>();
            both.add(CompletableFuture.supplyAsync(() -> run(() -> handovers.claim(ch, "t", now))));
            both.add(CompletableFuture.supplyAsync(() -> run(() -> handovers.close(ch, "t"))));
            boolean claimed = both.get(0).get();
            boolean closed = both.get(1).get();
            assertTrue(claimed ^ closed, "exactly one wins: claimed " + claimed + ", closed " + closed);
        }
    }
}
