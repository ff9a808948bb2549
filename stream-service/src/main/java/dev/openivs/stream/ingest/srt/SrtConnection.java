package dev.openivs.stream.ingest.srt;

import dev.openivs.stream.config.StreamConfig;
import dev.openivs.stream.ingest.PublishAuthorizer;
import dev.openivs.stream.ingest.PublishRefused;
import dev.openivs.stream.live.IngestConnection;
import dev.openivs.stream.live.LiveStream;
import dev.openivs.stream.live.StreamSupervisor;
import io.vertx.core.Context;
import java.io.ByteArrayOutputStream;
import org.jboss.logging.Logger;

/**
 * One accepted SRT caller (publisher): its MPEG-TS payload goes into the stream's pipeline on its event loop
 * ({@link LiveStream#tsInput}). The key was admitted at the handshake; the publish is authorised here exactly as an
 * RTMP publish (session, second publisher, takeover), media arriving meanwhile is kept (bounded). SRT has no
 * status message: a refusal closes the socket (the caller sees the connection end) and is logged.
 */
final class SrtConnection implements IngestConnection {
    private static final Logger LOG = Logger.getLogger(SrtConnection.class);

    private enum State { AUTHORIZING, PUBLISHING, CLOSED }

    private final SrtServer server;
    private final int socket;
    private final Context context;
    private final String streamKey;
    private final boolean encrypted;
    private final String remote;
    private final long openedAt;
    private final PublishAuthorizer authorizer;
    private final StreamSupervisor supervisor;
    private final StreamConfig config;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private State state = State.AUTHORIZING;
    private LiveStream stream;
    private String closeReason;
    private long lastDataAt;
    private long timerId = -1;

    SrtConnection(SrtServer server, int socket, Context context, String streamKey, boolean encrypted, String remote,
            long openedAt, PublishAuthorizer authorizer, StreamSupervisor supervisor, StreamConfig config) {
        this.server = server;
        this.socket = socket;
        this.context = context;
        this.streamKey = streamKey;
        this.encrypted = encrypted;
        this.remote = remote;
        this.openedAt = openedAt;
        this.authorizer = authorizer;
        this.supervisor = supervisor;
        this.config = config;
        this.lastDataAt = System.currentTimeMillis();
    }

    int socket() {
        return socket;
    }

    void start() {
        context.runOnContext(v -> {
            if (state == State.CLOSED) {
                return;
            }
            timerId = context.owner().setPeriodic(1000, id -> checkIdle());
            authorizer.publish(new PublishAuthorizer.PublishAttempt(streamKey, "srt", encrypted, this))
                    .subscribe().with(this::published, e -> context.runOnContext(x -> refused(e)));
        });
    }

    @Override
    public Context context() {
        return context;
    }

    @Override
    public long openedAtMillis() {
        return openedAt;
    }

    @Override
    public String remoteAddress() {
        return remote;
    }

    /** Payload read by the receiver thread (whole SRT messages, in order). Any thread. */
    void received(byte[] data, int length) {
        context.runOnContext(v -> onData(data, length));
    }

    /** The receiver thread saw the socket break (caller gone, peer idle timeout). Any thread. */
    void lost(String reason) {
        context.runOnContext(v -> closeNow(reason));
    }

    @Override
    public void close(String reason) {
        context.runOnContext(v -> closeNow(reason));
    }

    private void onData(byte[] data, int length) {
        lastDataAt = System.currentTimeMillis();
        if (state == State.PUBLISHING) {
            stream.tsInput(data, 0, length, lastDataAt);
        } else if (state == State.AUTHORIZING) {
            if (pending.size() + length <= config.srt().maxPendingBytes()) {
                pending.write(data, 0, length);
            }
        }
    }

    private void published(LiveStream live) {
        if (state != State.AUTHORIZING) {
            supervisor.connectionClosed(live, closeReason == null ? "encoder disconnected" : closeReason);
            return;
        }
        stream = live;
        state = State.PUBLISHING;
        if (pending.size() > 0) {
            byte[] early = pending.toByteArray();
            pending.reset();
            stream.tsInput(early, 0, early.length, System.currentTimeMillis());
        }
    }

    private void refused(Throwable e) {
        if (state != State.AUTHORIZING) {
            return;
        }
        if (e instanceof PublishRefused r) {
            LOG.infof("SRT publish from %s refused: %s", remote, r.description());
        } else {
            LOG.warnf("SRT publish from %s failed: %s", remote, e.toString());
        }
        closeNow("refused");
    }

    private void checkIdle() {
        if (state != State.CLOSED
                && System.currentTimeMillis() - lastDataAt >= config.ingest().idleTimeout().toMillis()) {
            closeNow("idle timeout");
        }
    }

    private void closeNow(String reason) {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        closeReason = reason;
        pending.reset();
        if (timerId >= 0) {
            context.owner().cancelTimer(timerId);
        }
        server.release(this);
        if (stream != null) {
            LiveStream s = stream;
            stream = null;
            supervisor.connectionClosed(s, reason);
        }
        LOG.debugf("SRT connection from %s closed (%s)", remote, reason);
    }
}
