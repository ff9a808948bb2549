package dev.openivs.stream.ingest.srt;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A UDP relay between one SRT caller and the listener that drops a share of the caller's datagrams (its data
 * packets and retransmissions alike), as a lossy network would. The listener's answers (ACKs, NAKs) pass.
 */
final class LossyUdpRelay implements AutoCloseable {
    private final DatagramSocket front;
    private final DatagramSocket back;
    private final InetSocketAddress target;
    private final double loss;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong forwarded = new AtomicLong();
    private volatile SocketAddress caller;
    private volatile boolean open = true;

    LossyUdpRelay(int targetPort, double loss) throws IOException {
        this.front = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        this.back = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        this.target = new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort);
        this.loss = loss;
        Thread up = new Thread(this::upstream, "lossy-relay-up");
        Thread down = new Thread(this::downstream, "lossy-relay-down");
        up.setDaemon(true);
        down.setDaemon(true);
        up.start();
        down.start();
    }

    int port() {
        return front.getLocalPort();
    }

    long dropped() {
        return dropped.get();
    }

    long forwarded() {
        return forwarded.get();
    }

    private void upstream() {
        byte[] buf = new byte[2048];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        while (open) {
            try {
                p.setLength(buf.length);
                front.receive(p);
                caller = p.getSocketAddress();
                if (ThreadLocalRandom.current().nextDouble() < loss) {
                    dropped.incrementAndGet();
                    continue;
                }
                forwarded.incrementAndGet();
                back.send(new DatagramPacket(buf, p.getLength(), target));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void downstream() {
        byte[] buf = new byte[2048];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        while (open) {
            try {
                p.setLength(buf.length);
                back.receive(p);
                SocketAddress to = caller;
                if (to != null) {
                    front.send(new DatagramPacket(buf, p.getLength(), to));
                }
            } catch (IOException e) {
                return;
            }
        }
    }

    @Override
    public void close() {
        open = false;
        front.close();
        back.close();
    }
}
