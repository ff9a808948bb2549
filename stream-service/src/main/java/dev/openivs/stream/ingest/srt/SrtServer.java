package dev.openivs.stream.ingest.srt;

import com.sun.jna.Pointer;
import dev.openivs.stream.config.StreamConfig;
import dev.openivs.stream.ingest.PublishAuthorizer;
import dev.openivs.stream.live.LiveStream;
import dev.openivs.stream.live.LiveStreams;
import dev.openivs.stream.live.StreamHealth;
import dev.openivs.stream.live.StreamSupervisor;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.impl.VertxInternal;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The SRT listener (UDP, {@code ivs.stream.srt.port}, default 9000 as IVS) on libsrt. Callers are admitted in the
 * handshake ({@link #admit}, libsrt's listen callback): the {@code streamid} is the stream key (or the SRT access
 * control form {@code #!::r=<key>,m=publish}); the key's channel passphrase is set on the new socket, so libsrt
 * refuses a wrong passphrase ({@code SRT_REJ_BADSECRET}) or a missing one ({@code SRT_REJ_UNSECURE}) before the
 * connection exists; unknown keys get {@code 1403}. One thread ({@code srt-receiver}) waits on an SRT epoll for
 * new callers and payload and hands the payload, batched per wake-up, to each connection's event loop; while no
 * caller is connected it waits in a blocking accept instead (libsrt's epoll wait polls every 10 ms).
 */
@ApplicationScoped
public class SrtServer {
    private static final Logger LOG = Logger.getLogger(SrtServer.class);
    private static final int MAX_EVENTS = 64;
    /** Payload read for one connection per wake-up before the others get their turn. */
    private static final int MAX_BATCH = 256 * 1024;

    private final Vertx vertx;
    private final StreamConfig config;
    private final PublishAuthorizer authorizer;
    private final StreamSupervisor supervisor;
    private final LiveStreams live;
    private final Map<Integer, SrtConnection> connections = new ConcurrentHashMap<>();
    /** Callers admitted by the handshake hook, until the receiver thread accepts them. */
    private final Map<Integer, Admitted> admitted = new ConcurrentHashMap<>();
    private SrtKeys keys;
    private LibSrt.ListenHook hook;
    private volatile boolean running;
    private Thread receiver;
    private int listener = LibSrt.SRT_INVALID_SOCK;
    private int epoll = -1;
    private volatile int port = -1;
    private ClassLoader appLoader;

    /** A caller the handshake let in: its key, and when (for the handshake time). */
    private record Admitted(String streamKey, String channelArn, boolean insecureIngest, long at, long nanos) {
    }

    public SrtServer(Vertx vertx, StreamConfig config, PublishAuthorizer authorizer, StreamSupervisor supervisor,
            LiveStreams live) {
        this.vertx = vertx;
        this.config = config;
        this.authorizer = authorizer;
        this.supervisor = supervisor;
        this.live = live;
    }

    void start(@Observes StartupEvent event) {
        StreamConfig.Srt srt = config.srt();
        if (!srt.enabled()) {
            return;
        }
        try {
            LibSrt.load(srt.library());
        } catch (UnsatisfiedLinkError e) {
            LOG.errorf("SRT ingest disabled: cannot load %s (install libsrt1.5-openssl): %s", srt.library(),
                    e.getMessage());
            return;
        }
        keys = new SrtKeys(authorizer, srt.keyCacheTtl(), srt.unknownKeyTtl());
        // libsrt's threads enter Java through JNA with the system class loader; the REST clients need the app's
        appLoader = Thread.currentThread().getContextClassLoader();
        LibSrt.srt_startup();
        LibSrt.srt_setloglevel(2); // refusals are logged here, with the reason
        listener = LibSrt.srt_create_socket();
        LibSrt.setInt(listener, LibSrt.SRTO_RCVSYN, 0);
        LibSrt.setInt(listener, LibSrt.SRTO_RCVLATENCY, (int) srt.latency().toMillis());
        // JNA attaches libsrt's receiver thread for each callback and detaches it after: a thread left attached
        // deadlocks the JVM's exit when libsrt's static destructors join it
        hook = this::admit;
        try {
            InetAddress host = InetAddress.getByName(config.ingest().host());
            byte[] addr = LibSrt.sockaddr(host, srt.port());
            check(LibSrt.srt_bind(listener, addr, addr.length), "bind " + host.getHostAddress() + ":" + srt.port());
            check(LibSrt.srt_listen_callback(listener, hook, Pointer.NULL), "listen callback");
            check(LibSrt.srt_listen(listener, 64), "listen");
            byte[] bound = new byte[28];
            int[] len = {bound.length};
            check(LibSrt.srt_getsockname(listener, bound, len), "getsockname");
            InetSocketAddress local = LibSrt.address(bound);
            port = local == null ? srt.port() : local.getPort();
        } catch (java.io.IOException | IllegalStateException e) {
            LOG.errorf("SRT ingest disabled: %s", e.getMessage());
            LibSrt.srt_close(listener);
            return;
        }
        epoll = LibSrt.srt_epoll_create();
        LibSrt.srt_epoll_add_usock(epoll, listener, new int[] {LibSrt.SRT_EPOLL_IN | LibSrt.SRT_EPOLL_ERR});
        running = true;
        receiver = new Thread(this::receive, "srt-receiver");
        receiver.setDaemon(true);
        receiver.start();
        int v = LibSrt.srt_getversion();
        LOG.infof("SRT ingest on %s:%d/udp (libsrt %d.%d.%d, latency %d ms)", config.ingest().host(), port,
                v >> 16, (v >> 8) & 0xFF, v & 0xFF, srt.latency().toMillis());
    }

    private static void check(int result, String what) {
        if (result == LibSrt.SRT_ERROR) {
            throw new IllegalStateException("SRT " + what + " failed: " + LibSrt.lastError());
        }
    }

    void stop(@Observes ShutdownEvent event) {
        if (!running) {
            return;
        }
        running = false;
        LibSrt.srt_close(listener); // ends a blocking accept (awaitCaller)
        try {
            receiver.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (SrtConnection c : connections.values()) {
            c.close("shutdown");
            release(c);
        }
        LibSrt.srt_epoll_release(epoll);
        // joins libsrt's threads now, while the JVM can still detach them (not in exit()'s static destructors)
        LibSrt.srt_cleanup();
    }

    /** The UDP port the listener is bound to; -1 when SRT is disabled or could not start. */
    public int port() {
        return port;
    }

    /** Open SRT connections on this replica. */
    public int connections() {
        return connections.size();
    }

    /**
     * libsrt's listen callback, in its receiver thread, when a caller's conclusion handshake arrives: 0 lets the
     * caller in (with the channel's passphrase set on its socket), -1 refuses it with the reason set.
     */
    private int admit(Pointer opaque, int ns, int hsVersion, Pointer peer, String streamId) {
        long started = System.nanoTime();
        Thread.currentThread().setContextClassLoader(appLoader);
        String from = String.valueOf(LibSrt.address(peer));
        try {
            String key = streamKey(streamId);
            if (key == null) {
                return reject(ns, LibSrt.SRT_REJX_BAD_MODE, from, "only publishing (m=publish) is served", started);
            }
            if (key.isEmpty() || key.length() > 256) {
                return reject(ns, LibSrt.SRT_REJX_BAD_REQUEST, from, "no stream key in the streamid", started);
            }
            SrtKeys.Key k = keys.get(key, config.srt().lookupWait());
            if (k == null) {
                return reject(ns, LibSrt.SRT_REJX_DOWN, from, "stream key lookup unavailable or slow", started);
            }
            if (!k.known()) {
                return reject(ns, LibSrt.SRT_REJX_FORBIDDEN, from, PublishAuthorizer.KEY_REFUSED, started);
            }
            LiveStream current = live.get(k.channelArn()).orElse(null);
            if (current != null && !StreamHealth.STARVING.equals(current.health())) {
                return reject(ns, LibSrt.SRT_REJX_CONFLICT, from, "channel is already live", started);
            }
            if (!k.insecureIngest()) {
                // libsrt then checks the caller's key material against it (enforced encryption, the default):
                // a wrong passphrase is SRT_REJ_BADSECRET, none at all SRT_REJ_UNSECURE
                if (k.passphrase().isEmpty()) {
                    return reject(ns, LibSrt.SRT_REJX_ISE, from, "the channel has no SRT passphrase", started);
                }
                LibSrt.setString(ns, LibSrt.SRTO_PASSPHRASE, k.passphrase());
            }
            // insecureIngest: callers omit the passphrase, as IVS documents; one that sets it is refused by
            // libsrt (SRT_REJ_UNSECURE): a listener cannot accept both kinds, it learns the caller's choice only
            // after this callback, and a caller enforcing encryption drops a connection the listener encrypts
            admitted.put(ns, new Admitted(key, k.channelArn(), k.insecureIngest(), System.currentTimeMillis(),
                    started));
            LOG.debugf("SRT caller %s admitted for %s in %d µs", from, k.channelArn(),
                    (System.nanoTime() - started) / 1000);
            return 0;
        } catch (RuntimeException | Error e) {
            LOG.warnf("SRT handshake from %s failed: %s", from, e.toString());
            LibSrt.srt_setrejectreason(ns, LibSrt.SRT_REJX_ISE);
            return -1;
        }
    }

    private static int reject(int ns, int code, String from, String why, long started) {
        LibSrt.srt_setrejectreason(ns, code);
        LOG.infof("SRT caller %s refused at the handshake (%d): %s, in %d µs", from, code, why,
                (System.nanoTime() - started) / 1000);
        return -1;
    }

    /**
     * The stream key of an SRT {@code streamid}: the whole value (as IVS documents it; anything after {@code ?}
     * ignored, as for RTMP), or {@code r=} of the access-control form {@code #!::r=<key>,m=publish}; null when that
     * form asks for another mode (playback is not served over SRT).
     */
    static String streamKey(String streamId) {
        if (streamId == null) {
            return "";
        }
        if (!streamId.startsWith("#!::")) {
            return streamId.split("\\?", 2)[0];
        }
        String key = "";
        for (String pair : streamId.substring(4).split(",")) {
            String[] kv = pair.split("=", 2);
            if (kv.length == 2 && kv[0].equals("r")) {
                key = kv[1];
            } else if (kv.length == 2 && kv[0].equals("m") && !kv[1].equals("publish")) {
                return null;
            }
        }
        return key;
    }

    private void receive() {
        int[] events = new int[MAX_EVENTS * 2];
        byte[] message = new byte[1500];
        byte[] batch = new byte[MAX_BATCH + message.length];
        long lastSweep = System.currentTimeMillis();
        while (running) {
            if (connections.isEmpty()) {
                awaitCaller();
                continue;
            }
            int n = LibSrt.srt_epoll_uwait(epoll, events, MAX_EVENTS, 200);
            for (int i = 0; i < n; i++) {
                int fd = events[2 * i];
                int ev = events[2 * i + 1];
                if (fd == listener) {
                    accept();
                    continue;
                }
                SrtConnection c = connections.get(fd);
                if (c == null) {
                    LibSrt.srt_epoll_remove_usock(epoll, fd);
                    continue;
                }
                int filled = 0;
                boolean broken = (ev & LibSrt.SRT_EPOLL_ERR) != 0;
                if ((ev & LibSrt.SRT_EPOLL_IN) != 0) {
                    while (filled < MAX_BATCH) {
                        int r = LibSrt.srt_recvmsg(fd, message, message.length);
                        if (r > 0) {
                            System.arraycopy(message, 0, batch, filled, r);
                            filled += r;
                        } else {
                            if (r < 0 && LibSrt.srt_getlasterror(Pointer.NULL) != LibSrt.SRT_EASYNCRCV) {
                                broken = true;
                            }
                            break;
                        }
                    }
                }
                if (filled > 0) {
                    c.received(Arrays.copyOf(batch, filled), filled);
                }
                if (broken) {
                    LibSrt.srt_epoll_remove_usock(epoll, fd);
                    c.lost("encoder disconnected");
                }
            }
            long now = System.currentTimeMillis();
            if (now - lastSweep > 10_000) {
                lastSweep = now;
                forgetUnaccepted(now);
            }
        }
    }

    /** Callers admitted more than 30 s ago and never accepted (broken before accept). */
    private void forgetUnaccepted(long now) {
        admitted.values().removeIf(a -> now - a.at() > 30_000);
    }

    /**
     * With no caller connected, a blocking accept instead of the epoll wait: libsrt's epoll wait wakes up every
     * 10 ms even when nothing happens (half a percent of a core), a blocking accept sleeps until a caller is admitted
     * or the listener is closed (shutdown). Further callers are then accepted from the epoll loop.
     */
    private void awaitCaller() {
        forgetUnaccepted(System.currentTimeMillis());
        byte[] addr = new byte[28];
        int[] len = {addr.length};
        LibSrt.setInt(listener, LibSrt.SRTO_RCVSYN, 1);
        int s = LibSrt.srt_accept(listener, addr, len);
        LibSrt.setInt(listener, LibSrt.SRTO_RCVSYN, 0);
        if (s != LibSrt.SRT_INVALID_SOCK) {
            accepted(s, addr);
        } else if (running) {
            LOG.debugf("SRT accept: %s", LibSrt.lastError());
        }
    }

    private void accept() {
        byte[] addr = new byte[28];
        int[] len = {addr.length};
        while (true) {
            len[0] = addr.length;
            int s = LibSrt.srt_accept(listener, addr, len);
            if (s == LibSrt.SRT_INVALID_SOCK) {
                return;
            }
            accepted(s, addr);
        }
    }

    private void accepted(int s, byte[] addr) {
        // a caller takes the listener's options when its handshake arrives, maybe while awaitCaller made it
        // blocking: reads must not block
        LibSrt.setInt(s, LibSrt.SRTO_RCVSYN, 0);
        Admitted a = admitted.remove(s);
        InetSocketAddress peer = LibSrt.address(addr);
        String remote = String.valueOf(peer);
        if (a == null) {
            LibSrt.srt_close(s);
            return;
        }
        int km = LibSrt.getInt(s, LibSrt.SRTO_RCVKMSTATE);
        if (km == LibSrt.SRT_KM_S_BADSECRET || km == LibSrt.SRT_KM_S_NOSECRET) {
            LOG.infof("SRT caller %s refused: wrong passphrase", remote);
            LibSrt.srt_close(s);
            return;
        }
        boolean encrypted = km == LibSrt.SRT_KM_S_SECURED;
        LOG.debugf("SRT caller %s connected (%s), handshake %d µs", remote,
                encrypted ? "encrypted" : "unencrypted", (System.nanoTime() - a.nanos()) / 1000);
        Context context = vertx instanceof VertxInternal vi ? vi.createEventLoopContext()
                : vertx.getOrCreateContext();
        SrtConnection c = new SrtConnection(this, s, context, a.streamKey(), encrypted, remote, a.at(),
                authorizer, supervisor, config);
        connections.put(s, c);
        LibSrt.srt_epoll_add_usock(epoll, s, new int[] {LibSrt.SRT_EPOLL_IN | LibSrt.SRT_EPOLL_ERR});
        c.start();
    }

    /** Forgets a connection and closes its socket (any thread; libsrt's calls are thread-safe). */
    void release(SrtConnection c) {
        if (connections.remove(c.socket(), c)) {
            LibSrt.srt_epoll_remove_usock(epoll, c.socket());
            LibSrt.srt_close(c.socket());
        }
    }
}
