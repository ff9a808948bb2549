package dev.openivs.stream.hls;

import dev.openivs.stream.config.StreamConfig;
import dev.openivs.stream.media.MediaBytes;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Moves the bytes of segments that left a media playlist (NORMAL and LOW channels) to files, and those of LOW
 * channels' listed segments whose parts are no longer served (all but the newest four, see
 * {@code LlHlsStream}): LL-HLS players read parts, so only a player that starts far behind the live edge asks for
 * those. RFC 8216 6.2.2 keeps such a segment
 * available for a playlist's duration plus its own after it leaves the playlist (7 more 2 s segments with the
 * 6-segment window): more than half of a stream's held media, asked for only by players that read an older
 * playlist. Held in the heap, it made each 2.5 Mbit/s stream cost about 11.5 MB of RSS; on disk it costs page
 * cache that the kernel may reclaim, and is read back (on a worker thread) only when such a player asks.
 *
 * <p>One thread writes the files, in the order segments retire; a full queue (a slow disk) leaves a segment in
 * memory, which is always correct. A segment dropped from the retired list has its file deleted; files of streams
 * that ended (whose retired lists no longer move) are deleted {@code ivs.stream.playback.retired-max-age} after
 * they were written. The directory ({@code retired-segments-dir}, default the temp dir, then
 * {@code openivs-retired-<pid>}) is emptied at start and removed at shutdown.
 */
@ApplicationScoped
public class RetiredSegments {
    private static final Logger LOG = Logger.getLogger(RetiredSegments.class);
    private static final Object STOP = new Object();

    private final boolean enabled;
    private final Path base;
    private final long maxAgeMs;
    private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(1024);
    private final ArrayDeque<Written> written = new ArrayDeque<>();
    private final AtomicLong names = new AtomicLong();
    private final AtomicLong bytesOnDisk = new AtomicLong();
    private volatile Path dir;
    private Thread writer;

    public RetiredSegments(StreamConfig config) {
        StreamConfig.Playback p = config.playback();
        this.enabled = p.retiredSegmentsToDisk();
        this.base = Path.of(p.retiredSegmentsDir().orElse(System.getProperty("java.io.tmpdir")));
        this.maxAgeMs = p.retiredMaxAge().toMillis();
    }

    /** A stream's segment whose file can go (it left the retired list). */
    private record Drop(MediaBytes bytes) {
    }

    private record Written(Path file, long at, int length) {
    }

    void start(@Observes StartupEvent event) {
        if (!enabled) {
            return;
        }
        try {
            Path d = base.resolve("openivs-retired-" + ProcessHandle.current().pid());
            deleteTree(d); // a previous process with the same pid (a restarted container) left it
            Files.createDirectories(d);
            dir = d;
        } catch (IOException e) {
            LOG.warnf("retired segments stay in memory: cannot use %s (%s)", base, e.toString());
            return;
        }
        writer = new Thread(this::run, "retired-segments");
        writer.setDaemon(true);
        writer.start();
        LOG.infof("retired segments are moved to %s", dir);
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        Thread w = writer;
        if (w == null) {
            return;
        }
        queue.offer(STOP);
        w.join(5_000);
        deleteTree(dir);
    }

    /** Whether segments are moved to disk (the directory is usable). */
    public boolean active() {
        return dir != null && writer != null;
    }

    /** Bytes of segments now in files. */
    public long bytesOnDisk() {
        return bytesOnDisk.get();
    }

    /**
     * {@code bytes} left the playlist (or, LOW, its parts are no longer served): written to a file soon, or kept in
     * memory when the writer is behind. Asking again for the same bytes does nothing.
     */
    public void retire(MediaBytes bytes) {
        if (active() && bytes.inMemory() && bytes.askMove() && !queue.offer(bytes)) {
            bytes.moveNotQueued();
        }
    }

    /** {@code bytes} left the retired list: its file is deleted (if it has one, or once it is written). */
    public void drop(MediaBytes bytes) {
        if (active() && !queue.offer(new Drop(bytes))) {
            LOG.debug("retired segments: queue full, a file is left to the age sweep");
        }
    }

    private void run() {
        while (true) {
            Object next;
            try {
                next = queue.poll(1, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (next == STOP) {
                return;
            }
            try {
                if (next instanceof MediaBytes bytes) {
                    write(bytes);
                } else if (next instanceof Drop drop) {
                    delete(drop.bytes().file(), drop.bytes().length());
                }
                sweep(System.currentTimeMillis());
            } catch (RuntimeException e) {
                LOG.warnf("retired segments: %s", e.toString());
            }
        }
    }

    private void write(MediaBytes bytes) {
        ByteBuffer[] data = bytes.nioBuffers();
        if (data == null) {
            return;
        }
        Path file = dir.resolve(names.incrementAndGet() + ".seg");
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            long left = bytes.length();
            while (left > 0) {
                left -= ch.write(data);
            }
        } catch (IOException e) {
            LOG.debugf("retired segments: %s stays in memory (%s)", bytes, e.toString());
            deleteQuietly(file);
            return;
        }
        bytes.movedTo(file);
        bytesOnDisk.addAndGet(bytes.length());
        written.add(new Written(file, System.currentTimeMillis(), bytes.length()));
    }

    private void delete(Path file, int length) {
        if (file != null && deleteQuietly(file)) {
            bytesOnDisk.addAndGet(-length);
        }
    }

    /** Files older than the maximum age: those of streams that ended, whose retired lists stopped moving. */
    private void sweep(long now) {
        while (!written.isEmpty() && now - written.peekFirst().at() > maxAgeMs) {
            Written w = written.pollFirst();
            delete(w.file(), w.length());
        }
    }

    private static boolean deleteQuietly(Path file) {
        try {
            return Files.deleteIfExists(file);
        } catch (IOException e) {
            return false;
        }
    }

    private static void deleteTree(Path d) {
        if (d == null || !Files.isDirectory(d)) {
            return;
        }
        try (Stream<Path> all = Files.walk(d)) {
            all.sorted(Comparator.reverseOrder()).forEach(RetiredSegments::deleteQuietly);
        } catch (IOException e) {
            LOG.debugf("could not remove %s: %s", d, e.toString());
        }
    }
}
