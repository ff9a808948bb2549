package dev.openivs.stream.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Edge sessions without a server: paths, idle expiry, the per-IP cap and revocations. */
class EdgeSessionsTest {
    private static final String CH = "arn:aws:ivs:us-west-2:123456789012:channel/abcdABCDefgh";

    private static PlaybackAccessConfig config(int maxPerIp) {
        return new PlaybackAccessConfig() {
            public String countryHeader() {
                return "CloudFront-Viewer-Country";
            }

            public Duration sessionIdleTimeout() {
                return Duration.ofSeconds(60);
            }

            public int maxSessionsPerIp() {
                return maxPerIp;
            }

            public int maxConnectionsPerIp() {
                return 10;
            }

            public Duration policyCacheTtl() {
                return Duration.ofSeconds(5);
            }

            public boolean revocationEvents() {
                return false;
            }
        };
    }

    @Test
    void shouldSplitAndBuildSessionPaths() {
        String plain = "/api/video/v1/us-west-2.123456789012.channel.abcdABCDefgh.m3u8";
        assertNull(EdgeSessions.split(plain).sessionId());
        assertEquals(plain, EdgeSessions.split(plain).path());
        String id = "AbCdEfGhIjKlMnOpQrSt_-";
        String in = EdgeSessions.inSession(id, plain);
        assertEquals("/api/video/v1/session." + id + "/us-west-2.123456789012.channel.abcdABCDefgh.m3u8", in);
        assertEquals(id, EdgeSessions.split(in).sessionId());
        assertEquals(plain, EdgeSessions.split(in).path());
        String seg = "/api/video/v1/session." + id + "/us-west-2.123456789012.channel.abcdABCDefgh/st-x/source-7.ts";
        assertEquals("/api/video/v1/us-west-2.123456789012.channel.abcdABCDefgh/st-x/source-7.ts",
                EdgeSessions.split(seg).path());
        // a malformed id is not a session: the path stays as it is (and matches no playback path)
        assertNull(EdgeSessions.split("/api/video/v1/session.short/x.m3u8").sessionId());
    }

    @Test
    void shouldForgetIdleSessionsAndFreeTheirSlot() {
        EdgeSessions sessions = new EdgeSessions(config(2), null);
        EdgeSessions.Session a = sessions.open(CH, "10.0.0.1", null, 0, null, false, null, 0);
        EdgeSessions.Session b = sessions.open(CH, "10.0.0.1", null, 0, null, false, null, 0);
        assertNotEquals(a.id(), b.id());
        assertEquals(22, a.id().length());
        assertFalse(sessions.canOpen("10.0.0.1"));
        assertNull(sessions.open(CH, "10.0.0.1", null, 0, null, false, null, 0), "at the cap");
        assertTrue(sessions.canOpen("10.0.0.2"), "per address");
        assertEquals(a, sessions.get(a.id(), 59_000), "touched");
        assertEquals(a, sessions.get(a.id(), 118_000), "idle time counts from the last request");
        assertNull(sessions.get(b.id(), 61_000), "idle for more than 60 s");
        assertTrue(sessions.canOpen("10.0.0.1"), "its slot is free again");
        sessions.sweep(200_000);
        assertEquals(0, sessions.size());
        assertNull(sessions.get("nope", 0));
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldCloseConnectionsOverThePerAddressCap() {
        EdgeSessions sessions = new EdgeSessions(config(100), null); // 10 connections per address
        List<Handler<Void>> closeHandlers = new ArrayList<>();
        List<HttpConnection> conns = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            HttpConnection c = mock(HttpConnection.class);
            when(c.remoteAddress()).thenReturn(SocketAddress.inetSocketAddress(40_000 + i, "10.0.0.1"));
            when(c.closeHandler(any())).thenAnswer(inv -> {
                closeHandlers.add(inv.getArgument(0));
                return c;
            });
            sessions.connected(c);
            conns.add(c);
        }
        for (int i = 0; i < 10; i++) {
            verify(conns.get(i), never()).close();
        }
        verify(conns.get(10)).close();
        closeHandlers.get(10).handle(null); // the refused one goes away
        closeHandlers.get(0).handle(null); // and one of the others
        HttpConnection again = mock(HttpConnection.class);
        when(again.remoteAddress()).thenReturn(SocketAddress.inetSocketAddress(40_100, "10.0.0.1"));
        sessions.connected(again);
        verify(again, never()).close();
        HttpConnection elsewhere = mock(HttpConnection.class);
        when(elsewhere.remoteAddress()).thenReturn(SocketAddress.inetSocketAddress(40_101, "10.0.0.2"));
        sessions.connected(elsewhere);
        verify(elsewhere, never()).close();
    }

    @Test
    void shouldRevokeSessionsUpToTheVersionIncludingOnesOpenedAfterTheEvent() {
        EdgeSessions sessions = new EdgeSessions(config(100), null);
        EdgeSessions.Session v1 = sessions.open(CH, "10.0.0.1", "alice", 1, null, false, null, 0);
        EdgeSessions.Session v3 = sessions.open(CH, "10.0.0.1", "alice", 3, null, false, null, 0);
        EdgeSessions.Session bob = sessions.open(CH, "10.0.0.1", "bob", 0, null, false, null, 0);
        EdgeSessions.Session other = sessions.open(CH + "x", "10.0.0.1", "alice", 0, null, false, null, 0);
        EdgeSessions.Session anonymous = sessions.open(CH, "10.0.0.1", null, 0, null, false, null, 0);
        assertEquals(1, sessions.revoke(CH, "alice", 2, 1_000));
        assertTrue(v1.revoked());
        assertFalse(v3.revoked() || bob.revoked() || other.revoked() || anonymous.revoked());
        // verified before the revocation, opened after its event: refused too
        assertTrue(sessions.open(CH, "10.0.0.1", "alice", 2, null, false, null, 2_000).revoked());
        assertFalse(sessions.open(CH, "10.0.0.1", "alice", 3, null, false, null, 2_000).revoked());
        assertFalse(sessions.open(CH, "10.0.0.1", "alice", 2, null, false, null, 16 * 60_000).revoked(),
                "remembered for 15 minutes (tokens with a viewer id live at most 10)");
    }
}
