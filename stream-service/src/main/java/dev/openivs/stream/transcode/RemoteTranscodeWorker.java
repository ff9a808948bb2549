package dev.openivs.stream.transcode;

import dev.openivs.stream.config.StreamConfig;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;

/**
 * A stream's transcode run by a transcoder deployment ({@link TranscodeServer}) over one TCP connection
 * ({@link TranscodeProtocol}). The connection is opened on the worker's own thread (the event loop never waits for
 * it); what is offered meanwhile waits in the queue. A refusal (BUSY: that transcoder is at its capacity), a lost
 * connection or a stall fails the worker like a crashed local ffmpeg, and {@link TranscodedStream} starts another
 * one (a new connection, which the Kubernetes Service may send to another transcoder pod) or drops the renditions.
 */
final class RemoteTranscodeWorker extends QueuedWorker {
    private static final int CONNECT_TIMEOUT_MS = 5_000;
    private static final int ANSWER_TIMEOUT_MS = 10_000;

    private final List<Rendition> rungs;
    private final Socket socket = new Socket();

    private RemoteTranscodeWorker(String name, List<Rendition> rungs, Output output, int maxQueuedBytes) {
        super(name, output, maxQueuedBytes);
        this.rungs = rungs;
    }

    static RemoteTranscodeWorker start(String name, StreamConfig.Transcode config, String address,
            List<Rendition> rungs, boolean audio, double inputFps, Output output) throws IOException {
        int colon = address.lastIndexOf(':');
        if (colon <= 0) {
            throw new IOException("ivs.stream.transcode.remote is not host:port: " + address);
        }
        String host = address.substring(0, colon);
        int port;
        try {
            port = Integer.parseInt(address.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IOException("ivs.stream.transcode.remote is not host:port: " + address);
        }
        RemoteTranscodeWorker w = new RemoteTranscodeWorker(name, rungs, output, config.maxQueuedBytes());
        byte[] header = TranscodeProtocol.header(new TranscodeProtocol.Request(name, audio, inputFps,
                config.preset(), config.threads(), rungs));
        thread("transcode-remote-" + name, () -> w.run(host, port, header));
        return w;
    }

    private void run(String host, int port, byte[] header) {
        OutputStream out;
        try {
            socket.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MS);
            socket.setTcpNoDelay(true);
            out = new BufferedOutputStream(socket.getOutputStream(), 65536);
            out.write(header);
            out.flush();
            socket.setSoTimeout(ANSWER_TIMEOUT_MS);
            DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 65536));
            String answer = TranscodeProtocol.line(in, 512);
            if (!answer.equals("OK")) {
                fail("transcoder " + host + ":" + port + " answered " + answer);
                return;
            }
            socket.setSoTimeout(0); // the supervision of TranscodedStream decides what a stall is
            thread("transcode-remote-out-" + name, () -> read(in));
        } catch (IOException e) {
            if (!over()) {
                fail("transcoder " + host + ":" + port + ": " + e.getMessage());
            }
            return;
        }
        writeQueue(out);
        try {
            out.flush();
            if (!over()) {
                socket.shutdownOutput(); // the end of the input: the transcoder flushes and says DONE
            }
        } catch (IOException e) {
            fail("ending the transcoder's input: " + e.getMessage());
        }
    }

    private void read(DataInputStream in) {
        try {
            TranscodeProtocol.Frame f;
            while ((f = TranscodeProtocol.readFrame(in, rungs.size())) != null) {
                if (f.rung() == TranscodeProtocol.DONE) {
                    stop();
                    drained();
                    return;
                }
                received();
                output.tag(f.rung(), f.tag());
            }
            fail("the transcoder closed the connection");
        } catch (IOException e) {
            if (!over()) {
                fail("reading from the transcoder: " + e.getMessage());
            }
        }
    }

    @Override
    protected void shutdown() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing
        }
    }

    @Override
    public Process process() {
        return null;
    }
}
