package dev.openivs.stream.session;

import dev.openivs.stream.repository.RecordingHandoverRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/**
 * Recording continuity across replicas, through the database: the replica whose stream ended offers the recording
 * waiting in its reconnect window (its state and a token naming this offer); a stream of the channel that starts on
 * any replica within the window claims the offer and continues the recording; when the window elapses, the
 * offering replica closes its offer and finishes the recording only if nobody claimed it. Claim and close are
 * conditional statements on the one row of the channel, so exactly one of them wins (the row lock decides, not the
 * replicas' clocks). Each method is one transaction.
 */
@ApplicationScoped
public class RecordingHandovers {
    public static final String WAITING = "WAITING";
    public static final String CLAIMED = "CLAIMED";

    /** An open offer: its token and the recording's state as the offering replica wrote it. */
    public record Offer(String token, String ownerInstance, String recording) {
    }

    private final RecordingHandoverRepository rows;
    private final Replica replica;

    public RecordingHandovers(RecordingHandoverRepository rows, Replica replica) {
        this.rows = rows;
        this.replica = replica;
    }

    /** Offers the channel's recording until {@code windowEndsAt} (replaces any earlier offer or claim). */
    public Uni<Void> offer(String channelArn, String token, Instant windowEndsAt, String recording) {
        return Panache.withTransaction(() -> Panache.getSession().chain(s -> s.createNativeQuery(
                "INSERT INTO stream_recording_handover (channel_arn, token, state, owner_instance, window_ends_at,"
                        + " recording, updated_at) VALUES (:arn, :token, 'WAITING', :owner, :ends, :rec, :now)"
                        + " ON CONFLICT (channel_arn) DO UPDATE SET token = :token, state = 'WAITING',"
                        + " owner_instance = :owner, window_ends_at = :ends, recording = :rec, updated_at = :now")
                .setParameter("arn", channelArn).setParameter("token", token).setParameter("owner", replica.id())
                .setParameter("ends", windowEndsAt).setParameter("rec", recording)
                .setParameter("now", Instant.now()).executeUpdate())).replaceWithVoid();
    }

    /** The channel's offer whose window is still open at {@code now}, or null. */
    public Uni<Offer> open(String channelArn, Instant now) {
        return Panache.withSession(() -> rows.findById(channelArn)).map(r -> r == null || !WAITING.equals(r.state)
                || !r.windowEndsAt.isAfter(now) ? null : new Offer(r.token, r.ownerInstance, r.recording));
    }

    /** Claims the offer for this replica; false when it was closed, replaced, claimed or its window ended. */
    public Uni<Boolean> claim(String channelArn, String token, Instant now) {
        return Panache.withTransaction(() -> rows.update("state = ?1, ownerInstance = ?2, updatedAt = ?3"
                + " where channelArn = ?4 and token = ?5 and state = ?6 and windowEndsAt > ?3", CLAIMED, replica.id(),
                now, channelArn, token, WAITING)).map(n -> n == 1);
    }

    /** Closes an unclaimed offer at the end of its window: true if it was still open (the offerer finishes). */
    public Uni<Boolean> close(String channelArn, String token) {
        return Panache.withTransaction(() -> rows.delete("channelArn = ?1 and token = ?2 and state = ?3", channelArn,
                token, WAITING)).map(n -> n == 1);
    }

    /** Removes the offer (claimed or not) named by {@code token}, if it is still the channel's row. */
    public Uni<Void> withdraw(String channelArn, String token) {
        return Panache.withTransaction(() -> rows.delete("channelArn = ?1 and token = ?2", channelArn, token))
                .replaceWithVoid();
    }
}
