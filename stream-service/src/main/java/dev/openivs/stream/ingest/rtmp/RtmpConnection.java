package dev.openivs.stream.ingest.rtmp;

import dev.openivs.stream.config.StreamConfig;
import dev.openivs.stream.ingest.PublishAuthorizer;
import dev.openivs.stream.ingest.PublishRefused;
import dev.openivs.stream.live.IngestConnection;
import dev.openivs.stream.live.LiveStream;
import dev.openivs.stream.live.StreamSupervisor;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.unix.IntegerUnixChannelOption;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.impl.NetSocketInternal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * One encoder connection, publish only: handshake, chunk stream, AMF0 commands, then audio/video/data messages
 * into the stream's media pipeline. Runs entirely on its event loop (the socket's context); nothing blocks. Memory
 * is bounded by the chunk decoder's limits and by the unparsed input, which never exceeds one chunk.
 */
final class RtmpConnection implements IngestConnection {
    /** How long a refused publisher's connection stays open after its error status, so it can read it. */
    private static final long REFUSE_LINGER_MS = 1_500;
    private static final Logger LOG = Logger.getLogger(RtmpConnection.class);
    private static final int HANDSHAKE_SIZE = 1536;
    private static final int PUBLISH_MSID = 1;
    private static final long WINDOW_ACK_SIZE = 2_500_000;
    private static final int OUT_CHUNK_SIZE = 4096;
    private static final int RECEIVE_BUFFER = 64 * 1024;
    /** Below this, batching saves nothing (a chunk header is 8 to 18 bytes; an AAC frame a few hundred). */
    private static final int MIN_READ_BATCH = 256;
    private static final int MAX_READ_BATCH = 32 * 1024;
    /** SOL_SOCKET / SO_RCVLOWAT on Linux. */
    private static final IntegerUnixChannelOption SO_RCVLOWAT = new IntegerUnixChannelOption("SO_RCVLOWAT", 1, 18);

    private enum State { HANDSHAKE, HANDSHAKE_C2, CONNECTED, AUTHORIZING, PUBLISHING, CLOSED }

    private final NetSocket socket;
    private final Context context;
    private final boolean secure;
    private final PublishAuthorizer authorizer;
    private final StreamSupervisor supervisor;
    private final StreamConfig.Ingest limits;
    private final AtomicInteger batched;
    private final ChunkDecoder decoder;
    private final ChunkEncoder encoder = new ChunkEncoder();
    private final ByteBuf in = Unpooled.buffer(4096);
    private final long openedAt = System.currentTimeMillis();
    private final String remote;
    private State state = State.HANDSHAKE;
    private long lastReadAt = openedAt;
    private long timerId;
    private long peerWindow;
    private long lastAck;
    private String closeReason;
    private LiveStream stream;
    private Runnable onClosed;
    private Channel channel;
    private int readLowWater = 1;
    private long bytesAtLastCheck;
    private long lastCheckAt = openedAt;

    RtmpConnection(NetSocket socket, Context context, boolean secure, PublishAuthorizer authorizer,
            StreamSupervisor supervisor, StreamConfig.Ingest limits, AtomicInteger batched) {
        this.socket = socket;
        this.context = context;
        this.secure = secure;
        this.authorizer = authorizer;
        this.supervisor = supervisor;
        this.limits = limits;
        this.batched = batched;
        this.decoder = new ChunkDecoder(limits.maxMessageSize(), limits.maxChunkStreams());
        this.remote = String.valueOf(socket.remoteAddress());
    }

    void start(Runnable onClosed) {
        this.onClosed = onClosed;
        if (socket instanceof NetSocketInternal internal) {
            channel = internal.channelHandlerContext().channel();
            // one read per wakeup: the adaptive guess shrinks after a chunk header's 8 bytes, and the frame that
            // follows then takes two reads; the buffer is pooled and released after its bytes are copied
            channel.config().setRecvByteBufAllocator(new FixedRecvByteBufAllocator(RECEIVE_BUFFER));
            // the socket's own buffers: Vert.x's data handler would first copy every read into a new heap buffer
            // (the largest allocation of ingest); they are copied once, into the unparsed input, and released
            internal.messageHandler(msg -> {
                try {
                    if (msg instanceof ByteBuf data) {
                        received(data);
                    }
                } finally {
                    ReferenceCountUtil.release(msg);
                }
            });
        } else {
            socket.handler(data -> received(data.getByteBuf()));
        }
        socket.exceptionHandler(e -> {
            if (closeReason == null) {
                closeReason = "socket error: " + e.getClass().getSimpleName();
            }
            socket.close();
        });
        socket.closeHandler(v -> closed());
        timerId = context.owner().setPeriodic(1000, id -> checkTimeouts());
    }

    /**
     * Asks the kernel to wake this connection's loop only once about {@code readBatch} of media has arrived
     * (SO_RCVLOWAT, from the bytes of the last second) while it publishes, and for every byte otherwise or when
     * nothing was read for a second (a command below the mark, then a pause, is read within a second). Called every
     * second; epoll channels only.
     */
    private void batchReads(long now) {
        long batchMillis = limits.readBatch().toMillis();
        if (!(channel instanceof EpollSocketChannel) || batchMillis <= 0) {
            return;
        }
        long bytes = decoder.bytesRead();
        long perSecond = (bytes - bytesAtLastCheck) * 1000 / Math.max(1, now - lastCheckAt);
        bytesAtLastCheck = bytes;
        lastCheckAt = now;
        int lowat = state != State.PUBLISHING || now - lastReadAt >= 1000 ? 1
                : (int) Math.min(MAX_READ_BATCH, perSecond * batchMillis / 1000);
        readLowWater(lowat < MIN_READ_BATCH ? 1 : lowat);
    }

    private void readLowWater(int lowat) {
        if (lowat != readLowWater && channel instanceof EpollSocketChannel) {
            try {
                channel.config().setOption(SO_RCVLOWAT, lowat);
                if ((lowat > 1) != (readLowWater > 1)) {
                    batched.addAndGet(lowat > 1 ? 1 : -1);
                }
                readLowWater = lowat;
            } catch (RuntimeException e) {
                LOG.debugf("SO_RCVLOWAT not set on %s: %s", remote, e);
            }
        }
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

    @Override
    public void close(String reason) {
        context.runOnContext(v -> {
            if (state != State.CLOSED) {
                if (closeReason == null) {
                    closeReason = reason;
                }
                state = State.CLOSED;
                socket.close();
            }
        });
    }

    @Override
    public void refuse(String description) {
        context.runOnContext(v -> {
            if (state == State.CLOSED) {
                return;
            }
            // closed a little later: an encoder reads server messages between its writes (ffmpeg then prints
            // "Server error: <description>"); media arriving meanwhile is dropped (the state is CLOSED)
            failAndClose("NetStream.Publish.Failed", description, closeReason == null ? description : closeReason,
                    REFUSE_LINGER_MS);
        });
    }

    private void checkTimeouts() {
        long now = System.currentTimeMillis();
        if ((state == State.HANDSHAKE || state == State.HANDSHAKE_C2)
                && now - openedAt >= limits.handshakeTimeout().toMillis()) {
            fail("handshake timeout");
        } else if (state != State.CLOSED && now - lastReadAt >= limits.idleTimeout().toMillis()) {
            fail("idle timeout");
        } else if (state != State.CLOSED) {
            batchReads(now);
        }
    }

    private void fail(String reason) {
        if (state != State.CLOSED) {
            LOG.debugf("closing RTMP connection from %s: %s", remote, reason);
            close(reason);
        }
    }

    private void received(ByteBuf data) {
        if (state == State.CLOSED) {
            return;
        }
        lastReadAt = System.currentTimeMillis();
        in.writeBytes(data);
        try {
            process();
        } catch (RtmpProtocolException e) {
            fail("protocol error: " + e.getMessage());
            in.clear();
            return;
        }
        if (in.readableBytes() > limits.maxMessageSize() + 64) {
            fail("protocol error: unparsed input too large");
            in.clear();
            return;
        }
        in.discardSomeReadBytes();
    }

    private void process() {
        if (state == State.HANDSHAKE) {
            if (in.readableBytes() < 1 + HANDSHAKE_SIZE) {
                return;
            }
            int version = in.readUnsignedByte();
            if (version != 3) {
                throw new RtmpProtocolException("unsupported RTMP version " + version);
            }
            ByteBuf c1 = in.readSlice(HANDSHAKE_SIZE);
            ByteBuf out = Unpooled.buffer(1 + 2 * HANDSHAKE_SIZE);
            out.writeByte(3);
            out.writeInt((int) (System.currentTimeMillis() - openedAt));
            out.writeInt(0);
            byte[] random = new byte[HANDSHAKE_SIZE - 8];
            ThreadLocalRandom.current().nextBytes(random);
            out.writeBytes(random);
            out.writeBytes(c1);
            socket.write(Buffer.buffer(out));
            state = State.HANDSHAKE_C2;
        }
        if (state == State.HANDSHAKE_C2) {
            if (in.readableBytes() < HANDSHAKE_SIZE) {
                return;
            }
            in.skipBytes(HANDSHAKE_SIZE);
            state = State.CONNECTED;
        }
        if (state != State.CLOSED) {
            decoder.decode(in, this::message);
            acknowledge();
        }
    }

    private void acknowledge() {
        if (peerWindow > 0 && decoder.bytesRead() - lastAck >= peerWindow) {
            lastAck = decoder.bytesRead();
            send(encoder.control(RtmpMessage.ACKNOWLEDGEMENT, lastAck & 0xFFFFFFFFL));
        }
    }

    private void message(RtmpMessage m) {
        if (state == State.CLOSED) {
            return;
        }
        switch (m.type()) {
            case RtmpMessage.VIDEO -> video(m.timestamp(), m.payload());
            case RtmpMessage.AUDIO -> audio(m.timestamp(), m.payload());
            case RtmpMessage.DATA_AMF0 -> data(m.payload(), 0);
            case RtmpMessage.DATA_AMF3 -> data(m.payload(), m.payload().length > 0 && m.payload()[0] == 0 ? 1 : 0);
            case RtmpMessage.COMMAND_AMF0 -> command(m, 0);
            case RtmpMessage.COMMAND_AMF3 -> command(m, m.payload().length > 0 && m.payload()[0] == 0 ? 1 : 0);
            case RtmpMessage.WINDOW_ACK_SIZE -> {
                if (m.payload().length >= 4) {
                    peerWindow = Unpooled.wrappedBuffer(m.payload()).readUnsignedInt();
                }
            }
            case RtmpMessage.AGGREGATE -> aggregate(m);
            default -> {
                // chunk size / abort are applied by the decoder; acks, user control, bandwidth: nothing to do
            }
        }
    }

    private void video(long timestamp, byte[] payload) {
        if (state != State.PUBLISHING) {
            return;
        }
        stream.flvVideo(timestamp, payload, lastReadAt);
    }

    private void audio(long timestamp, byte[] payload) {
        if (state != State.PUBLISHING) {
            return;
        }
        stream.flvAudio(timestamp, payload, lastReadAt);
    }

    /** FLV tags packed in one message; tag timestamps are relative to the first tag's. */
    private void aggregate(RtmpMessage m) {
        ByteBuf b = Unpooled.wrappedBuffer(m.payload());
        long first = -1;
        while (b.readableBytes() >= 11) {
            int type = b.readUnsignedByte();
            int size = b.readUnsignedMedium();
            long ts = b.readUnsignedMedium() | ((long) b.readUnsignedByte() << 24);
            b.skipBytes(3);
            if (b.readableBytes() < size) {
                return;
            }
            byte[] body = new byte[size];
            b.readBytes(body);
            if (b.readableBytes() >= 4) {
                b.skipBytes(4);
            }
            if (first < 0) {
                first = ts;
            }
            long at = (m.timestamp() + ts - first) & 0xFFFFFFFFL;
            if (type == RtmpMessage.VIDEO) {
                video(at, body);
            } else if (type == RtmpMessage.AUDIO) {
                audio(at, body);
            } else if (type == RtmpMessage.DATA_AMF0) {
                data(body, 0);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private void data(byte[] payload, int offset) {
        if (state != State.PUBLISHING) {
            return;
        }
        List<Object> values;
        try {
            values = Amf0.decodeAll(Unpooled.wrappedBuffer(payload, offset, payload.length - offset));
        } catch (RtmpProtocolException e) {
            return; // a malformed data message is ignored
        }
        int i = 0;
        if (i < values.size() && "@setDataFrame".equals(values.get(i))) {
            i++;
        }
        if (i + 1 < values.size() && "onMetaData".equals(values.get(i)) && values.get(i + 1) instanceof Map) {
            stream.flvMetadata((Map<String, Object>) values.get(i + 1));
        }
    }

    private void command(RtmpMessage m, int offset) {
        List<Object> values = Amf0.decodeAll(Unpooled.wrappedBuffer(m.payload(), offset, m.payload().length - offset));
        if (values.isEmpty() || !(values.get(0) instanceof String name)) {
            throw new RtmpProtocolException("command without a name");
        }
        double txn = values.size() > 1 && values.get(1) instanceof Double d ? d : 0;
        switch (name) {
            case "connect" -> connect(txn);
            case "createStream" -> send(encoder.command(ChunkEncoder.CSID_COMMAND, 0, "_result", txn, null,
                    (double) PUBLISH_MSID));
            case "publish" -> publish(values.size() > 3 && values.get(3) instanceof String key ? key : null);
            case "FCUnpublish", "deleteStream", "closeStream" -> unpublish();
            case "releaseStream", "FCPublish" -> send(encoder.command(ChunkEncoder.CSID_COMMAND, 0, "_result", txn,
                    null));
            default -> {
                if (txn > 0) {
                    send(encoder.command(ChunkEncoder.CSID_COMMAND, 0, "_result", txn, null));
                }
            }
        }
    }

    private void connect(double txn) {
        send(encoder.control(RtmpMessage.WINDOW_ACK_SIZE, WINDOW_ACK_SIZE));
        send(encoder.setPeerBandwidth(WINDOW_ACK_SIZE, 2));
        send(encoder.control(RtmpMessage.SET_CHUNK_SIZE, OUT_CHUNK_SIZE));
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("fmsVer", "FMS/3,0,1,123");
        props.put("capabilities", 31.0);
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("level", "status");
        info.put("code", "NetConnection.Connect.Success");
        info.put("description", "Connection succeeded.");
        info.put("objectEncoding", 0.0);
        send(encoder.command(ChunkEncoder.CSID_COMMAND, 0, "_result", txn, props, info));
    }

    private void publish(String rawKey) {
        if (state != State.CONNECTED) {
            return; // already publishing or being authorized: one stream per connection
        }
        String key = rawKey == null ? null : rawKey.split("\\?", 2)[0];
        state = State.AUTHORIZING;
        authorizer.publish(new PublishAuthorizer.PublishAttempt(key, secure, this)).subscribe().with(
                this::published,
                e -> context.runOnContext(v -> refused(e)));
    }

    private void published(LiveStream live) {
        if (state != State.AUTHORIZING) {
            // the encoder went away while we authorized it
            supervisor.connectionClosed(live, closeReason == null ? "encoder disconnected" : closeReason);
            return;
        }
        stream = live;
        state = State.PUBLISHING;
        send(encoder.userControl(0, PUBLISH_MSID));
        send(encoder.command(ChunkEncoder.CSID_STATUS, PUBLISH_MSID, "onStatus", 0.0, null,
                status("status", "NetStream.Publish.Start", "Publishing started.")));
    }

    private void refused(Throwable e) {
        if (state != State.AUTHORIZING) {
            return;
        }
        PublishRefused refusal = e instanceof PublishRefused r ? r
                : new PublishRefused(PublishRefused.FAILED, "internal error");
        if (!(e instanceof PublishRefused)) {
            LOG.warnf("publish from %s failed: %s", remote, e.toString());
        } else {
            LOG.infof("publish from %s refused: %s", remote, refusal.description());
        }
        failAndClose(refusal.code(), refusal.description(), "refused", 0);
    }

    /** Sends an error onStatus, stops taking messages, and closes the socket {@code lingerMs} after the write. */
    private void failAndClose(String code, String description, String reason, long lingerMs) {
        closeReason = reason;
        state = State.CLOSED;
        ByteBuf status = encoder.command(ChunkEncoder.CSID_STATUS, PUBLISH_MSID, "onStatus", 0.0, null,
                status("error", code, description));
        socket.write(Buffer.buffer(status)).onComplete(v -> {
            if (lingerMs > 0) {
                context.owner().setTimer(lingerMs, t -> socket.close());
            } else {
                socket.close();
            }
        });
    }

    private static Map<String, Object> status(String level, String code, String description) {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("level", level);
        info.put("code", code);
        info.put("description", description);
        return info;
    }

    private void unpublish() {
        if (state == State.PUBLISHING) {
            LiveStream ended = stream;
            stream = null;
            state = State.CONNECTED;
            readLowWater(1); // what follows (a new publish, say) is small and waits for answers
            supervisor.connectionClosed(ended, "encoder unpublished");
        }
    }

    private void send(ByteBuf buf) {
        if (!socket.writeQueueFull() || buf.readableBytes() < 1024) {
            socket.write(Buffer.buffer(buf));
        }
    }

    private void closed() {
        context.owner().cancelTimer(timerId);
        if (readLowWater > 1) {
            batched.decrementAndGet();
            readLowWater = 1;
        }
        State was = state;
        state = State.CLOSED;
        in.clear();
        if (stream != null) {
            LiveStream s = stream;
            stream = null;
            supervisor.connectionClosed(s, closeReason == null ? "encoder disconnected" : closeReason);
        }
        LOG.debugf("RTMP connection from %s closed in state %s (%s)", remote, was, closeReason);
        if (onClosed != null) {
            onClosed.run();
        }
    }
}
