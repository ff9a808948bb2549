package dev.openivs.stream.recording;

import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.openivs.aws.support.Ids;
import dev.openivs.internal.recording.RecordingClient;
import dev.openivs.stream.Ffmpeg;
import dev.openivs.stream.ingest.IngestFixture;
import dev.openivs.stream.ingest.PublishingTest;
import io.quarkus.test.InjectMock;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Prints the recorder's upload delay behind live (segment cut → object stored, p50/p99) and the thumbnail cost with
 * several channels recording at once into the local S3Proxy, and the service's CPU while it does so.
 * {@code IVS_DB_NAME=ivs_test ./mvnw -o -pl stream-service verify -Dgroups=benchmark -Divs.excludedGroups=none
 * -Dtest=RecordingBenchmark -Dsurefire.failIfNoSpecifiedTests=false} (env {@code BENCH_STREAMS}, default 4,
 * {@code BENCH_SECONDS}, default 40). Publishers send the pre-encoded fixture with {@code -c copy}.
 */
@QuarkusTest
@Tag("benchmark")
class RecordingBenchmark extends PublishingTest {
    @InjectMock
    @RestClient
    RecordingClient recordingClient;

    @Inject
    Recorder recorder;

    private static long cpuMs() throws Exception {
        String stat = Files.readString(Path.of("/proc/self/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10; // utime + stime of this JVM
    }

    private static long childrenCpuMs() throws Exception {
        String stat = Files.readString(Path.of("/proc/self/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[13]) + Long.parseLong(f[14])) * 10;
    }

    @Test
    void recordSeveralStreamsAndPrintTheUploadDelay() throws Exception {
        int streams = Integer.parseInt(System.getenv().getOrDefault("BENCH_STREAMS", "4"));
        int seconds = Integer.parseInt(System.getenv().getOrDefault("BENCH_SECONDS", "40"));
        ObjectMapper mapper = new ObjectMapper();
        String arn = "arn:aws:ivs:us-west-2:" + IngestFixture.ACCOUNT + ":recording-configuration/" + Ids.resourceId();
        ObjectNode rc = mapper.createObjectNode();
        rc.put("arn", arn);
        rc.put("state", "ACTIVE");
        rc.putObject("destinationConfiguration").putObject("s3").put("bucketName", "ivs-recordings");
        ObjectNode t = rc.putObject("thumbnailConfiguration");
        t.put("recordingMode", "INTERVAL");
        t.put("targetIntervalSeconds", 10);
        t.putArray("storage").add("SEQUENTIAL").add("LATEST");
        when(recordingClient.get(anyString(), anyString())).thenReturn(Uni.createFrom().item(rc));
        Ffmpeg.fixture();
        // warm-up: one short recording (S3 client, outbox and ffmpeg paths loaded), not measured
        String[] warm = fixture.channel("STANDARD", true);
        fixture.recordWith(warm[0], arn);
        try (Ffmpeg f = Ffmpeg.publishFixture(rtmp(warm[1]), "-t", "8")) {
            f.waitFor(60);
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> !recorder.recording(warm[0]));
        List<String> channels = new ArrayList<>();
        List<Ffmpeg> publishers = new ArrayList<>();
        recorder.stats().reset();
        long cpu0 = cpuMs();
        long children0 = childrenCpuMs();
        long t0 = System.nanoTime();
        try {
            for (int i = 0; i < streams; i++) {
                String[] ch = fixture.channel("STANDARD", true);
                fixture.recordWith(ch[0], arn);
                channels.add(ch[0]);
                publishers.add(Ffmpeg.publishFixture(rtmp(ch[1]), "-t", String.valueOf(seconds)));
            }
            for (Ffmpeg f : publishers) {
                f.waitFor(seconds + 60);
            }
        } finally {
            publishers.forEach(Ffmpeg::close);
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> channels.stream().noneMatch(recorder::recording));
        double wall = (System.nanoTime() - t0) / 1e9;
        long cpu = cpuMs() - cpu0;
        System.out.printf("%d streams x %d s recorded (640x360 ~870 kbps, 2 s segments, thumbnails every 10 s)%n",
                streams, seconds);
        System.out.printf("upload delay behind live (segment cut -> object stored): %s%n",
                recorder.stats().uploadDelay());
        System.out.printf("thumbnail decode wall: %s; ffmpeg children CPU %d ms in all (publishers included)%n",
                recorder.stats().thumbnailWall(), childrenCpuMs() - children0);
        System.out.printf("test JVM CPU (ingest + packager + recorder + S3 client): %.1f %% of one core over %.0f s%n",
                cpu / 10.0 / wall, wall);
    }
}
