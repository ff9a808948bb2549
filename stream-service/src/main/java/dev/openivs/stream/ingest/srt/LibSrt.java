package dev.openivs.stream.ingest.srt;

import com.sun.jna.Callback;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The few functions of libsrt (Haivision SRT 1.5, {@code srt/srt.h}) the listener uses, bound with JNA direct
 * mapping. Option numbers and error codes are those of {@code srt.h}; {@code struct sockaddr} is built and read
 * here (Linux layout: {@code sa_family} in host order, port and address in network order).
 */
final class LibSrt {
    static final int SRT_ERROR = -1;
    static final int SRT_INVALID_SOCK = -1;

    // SRT_SOCKOPT
    static final int SRTO_RCVSYN = 2;
    static final int SRTO_PASSPHRASE = 26;
    static final int SRTO_RCVKMSTATE = 41;
    static final int SRTO_RCVLATENCY = 43;

    // SRT_KM_STATE
    static final int SRT_KM_S_SECURED = 2;
    static final int SRT_KM_S_NOSECRET = 3;
    static final int SRT_KM_S_BADSECRET = 4;

    // SRT_EPOLL_OPT
    static final int SRT_EPOLL_IN = 0x1;
    static final int SRT_EPOLL_ERR = 0x8;

    /** MJ_AGAIN / MN_RDAVAIL: nothing to read (non-blocking). */
    static final int SRT_EASYNCRCV = 6002;

    /** Rejection codes a listener may send (srt/access_control.h, SRT_REJC_PREDEFINED + HTTP-like status). */
    static final int SRT_REJX_BAD_REQUEST = 1400;
    static final int SRT_REJX_UNAUTHORIZED = 1401;
    static final int SRT_REJX_FORBIDDEN = 1403;
    static final int SRT_REJX_BAD_MODE = 1405;
    static final int SRT_REJX_CONFLICT = 1409;
    static final int SRT_REJX_ISE = 1500;
    static final int SRT_REJX_DOWN = 1503;

    private static final int AF_INET = 2;
    private static final int AF_INET6 = 10;

    /** {@code srt_listen_callback_fn}: 0 accepts the caller, -1 refuses it. Runs in libsrt's receiver thread. */
    interface ListenHook extends Callback {
        int invoke(Pointer opaque, int ns, int hsVersion, Pointer peerAddr, String streamId);
    }

    private static volatile boolean loaded;

    private LibSrt() {
    }

    /** Binds the natives to {@code library} (e.g. {@code libsrt.so.1.5}); throws UnsatisfiedLinkError if absent. */
    static synchronized void load(String library) {
        if (!loaded) {
            Native.register(LibSrt.class, NativeLibrary.getInstance(library));
            loaded = true;
        }
    }

    static native int srt_startup();

    static native int srt_cleanup();

    static native int srt_create_socket();

    static native int srt_bind(int u, byte[] name, int namelen);

    static native int srt_listen(int u, int backlog);

    static native int srt_listen_callback(int lsn, ListenHook hook, Pointer opaque);

    static native int srt_accept(int u, byte[] addr, int[] addrlen);

    static native int srt_close(int u);

    static native int srt_getsockname(int u, byte[] name, int[] namelen);

    static native int srt_setsockflag(int u, int opt, byte[] optval, int optlen);

    static native int srt_getsockflag(int u, int opt, byte[] optval, int[] optlen);

    static native int srt_recvmsg(int u, byte[] buf, int len);

    static native int srt_getlasterror(Pointer errnoLoc);

    static native String srt_getlasterror_str();

    static native int srt_setrejectreason(int sock, int value);

    static native int srt_epoll_create();

    static native int srt_epoll_add_usock(int eid, int u, int[] events);

    static native int srt_epoll_remove_usock(int eid, int u);

    static native int srt_epoll_uwait(int eid, int[] fdsSet, int fdsSize, long msTimeOut);

    static native int srt_epoll_release(int eid);

    static native int srt_getversion();

    /** syslog levels: 2 (LOG_CRIT) keeps libsrt's stderr quiet about refused callers and empty accept queues. */
    static native void srt_setloglevel(int level);

    static int setInt(int u, int opt, int value) {
        byte[] v = ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(value).array();
        return srt_setsockflag(u, opt, v, 4);
    }

    static int getInt(int u, int opt) {
        byte[] v = new byte[4];
        int[] len = {4};
        if (srt_getsockflag(u, opt, v, len) == SRT_ERROR) {
            return Integer.MIN_VALUE;
        }
        return ByteBuffer.wrap(v).order(ByteOrder.nativeOrder()).getInt();
    }

    static int setString(int u, int opt, String value) {
        byte[] v = value.getBytes(StandardCharsets.UTF_8);
        return srt_setsockflag(u, opt, v, v.length);
    }

    static String getString(int u, int opt) {
        byte[] v = new byte[768];
        int[] len = {v.length};
        if (srt_getsockflag(u, opt, v, len) == SRT_ERROR) {
            return null;
        }
        return new String(v, 0, Math.max(0, Math.min(len[0], v.length)), StandardCharsets.UTF_8);
    }

    static String lastError() {
        return srt_getlasterror(Pointer.NULL) + " " + srt_getlasterror_str();
    }

    /** {@code struct sockaddr_in} / {@code sockaddr_in6} for {@code host:port}. */
    static byte[] sockaddr(InetAddress host, int port) {
        if (host instanceof Inet4Address) {
            ByteBuffer b = ByteBuffer.allocate(16);
            b.order(ByteOrder.nativeOrder()).putShort((short) AF_INET);
            b.order(ByteOrder.BIG_ENDIAN).putShort((short) port).put(host.getAddress());
            return b.array();
        }
        ByteBuffer b = ByteBuffer.allocate(28);
        b.order(ByteOrder.nativeOrder()).putShort((short) AF_INET6);
        b.order(ByteOrder.BIG_ENDIAN).putShort((short) port).putInt(0).put(host.getAddress());
        b.order(ByteOrder.nativeOrder()).putInt(host instanceof Inet6Address a6 ? a6.getScopeId() : 0);
        return b.array();
    }

    /** Reads a {@code struct sockaddr} (IPv4 or IPv6); null for other families. */
    static InetSocketAddress address(byte[] raw) {
        ByteBuffer b = ByteBuffer.wrap(raw);
        int family = b.order(ByteOrder.nativeOrder()).getShort(0) & 0xFFFF;
        int port = b.order(ByteOrder.BIG_ENDIAN).getShort(2) & 0xFFFF;
        try {
            if (family == AF_INET) {
                byte[] a = new byte[4];
                System.arraycopy(raw, 4, a, 0, 4);
                return new InetSocketAddress(InetAddress.getByAddress(a), port);
            }
            if (family == AF_INET6 && raw.length >= 24) {
                byte[] a = new byte[16];
                System.arraycopy(raw, 8, a, 0, 16);
                return new InetSocketAddress(InetAddress.getByAddress(a), port);
            }
        } catch (java.net.UnknownHostException e) {
            return null;
        }
        return null;
    }

    static InetSocketAddress address(Pointer p) {
        if (p == null) {
            return null;
        }
        int family = p.getShort(0) & 0xFFFF;
        return address(p.getByteArray(0, family == AF_INET6 ? 28 : 16));
    }
}
