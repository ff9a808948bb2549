package dev.openivs.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.S3Object;

/** The S3-compatible store the suite records into (the {@code IVS_S3_*} settings of {@code ./ivs}). */
final class Store implements AutoCloseable {
    static final String BUCKET = System.getenv().getOrDefault("IVS_S3_BUCKET", "ivs-recordings");
    final S3Client s3;

    Store() {
        var env = System.getenv();
        s3 = S3Client.builder()
                .endpointOverride(URI.create(env.getOrDefault("IVS_S3_ENDPOINT", "http://127.0.0.1:9000")))
                .region(Region.of(env.getOrDefault("IVS_S3_REGION", "us-west-2")))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        env.getOrDefault("IVS_S3_ACCESS_KEY_ID", "local-access-key"),
                        env.getOrDefault("IVS_S3_SECRET_ACCESS_KEY", "local-secret-key"))))
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(
                        Boolean.parseBoolean(env.getOrDefault("IVS_S3_PATH_STYLE", "true"))).build())
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
    }

    List<String> keys(String prefix) {
        List<String> keys = new ArrayList<>();
        for (S3Object o : s3.listObjectsV2Paginator(b -> b.bucket(BUCKET).prefix(prefix)).contents()) {
            keys.add(o.key());
        }
        return keys;
    }

    byte[] get(String key) {
        return s3.getObjectAsBytes(b -> b.bucket(BUCKET).key(key)).asByteArray();
    }

    /** Downloads the recording's objects as they are laid out under {@code prefix}; returns the folder. */
    Path download(String prefix, Iterable<String> relativeKeys) throws Exception {
        Path dir = Files.createTempDirectory("recording-it-");
        for (String k : relativeKeys) {
            Path f = dir.resolve(k);
            Files.createDirectories(f.getParent());
            Files.write(f, get(prefix + "/" + k));
        }
        return dir;
    }

    /** ffprobe decodes the downloaded recording's multivariant playlist: the video frames it read. */
    static long framesDecoded(Path dir) throws Exception {
        Process probe = new ProcessBuilder("ffprobe", "-v", "error", "-count_frames", "-select_streams", "v:0",
                "-show_entries", "stream=nb_read_frames", "-of", "csv=p=0",
                dir.resolve("media/hls/master.m3u8").toString()).redirectErrorStream(true).start();
        String out = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(probe.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, probe.exitValue(), out);
        return Long.parseLong(out.strip().split("\\s+")[0]);
    }

    @Override
    public void close() {
        s3.close();
    }
}
