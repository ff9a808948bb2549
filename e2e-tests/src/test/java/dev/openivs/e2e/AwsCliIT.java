package dev.openivs.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The real AWS CLI v2 (Debian's awscli, botocore's SigV4 signer) against the running suite. */
class AwsCliIT {
    private static final String CLI = "/usr/bin/aws";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void shouldCreateGetListAndDeleteAChannel() throws Exception {
        assumeTrue(new File(CLI).canExecute(), "AWS CLI v2 not installed at " + CLI + " (apt-get install awscli)");
        JsonNode created = JSON.readTree(run(0, "create-channel", "--name", "cli-it", "--latency-mode", "LOW",
                "--tags", "via=cli"));
        String arn = created.get("channel").get("arn").asText();
        assertTrue(arn.startsWith("arn:aws:ivs:us-west-2:" + Suite.ACCOUNT_A + ":channel/"), arn);
        assertTrue(created.get("streamKey").get("value").asText().startsWith("sk_us-west-2_"));
        try {
            JsonNode got = JSON.readTree(run(0, "get-channel", "--arn", arn));
            assertEquals("cli-it", got.get("channel").get("name").asText());
            assertEquals("LOW", got.get("channel").get("latencyMode").asText());
            assertEquals("cli", got.get("channel").get("tags").get("via").asText());

            JsonNode listed = JSON.readTree(run(0, "list-channels", "--filter-by-name", "cli-it"));
            List<String> arns = new ArrayList<>();
            listed.get("channels").forEach(c -> arns.add(c.get("arn").asText()));
            assertTrue(arns.contains(arn), arns.toString());
        } finally {
            assertEquals("", run(0, "delete-channel", "--arn", arn).trim());
        }
        String missing = run(254, "get-channel", "--arn", arn);
        assertTrue(missing.contains("ResourceNotFoundException"), missing);
        JsonNode after = JSON.readTree(run(0, "list-channels", "--filter-by-name", "cli-it"));
        after.get("channels").forEach(c -> assertFalse(arn.equals(c.get("arn").asText())));
    }

    /** {@code aws ivs <args>} with the example credentials in env; stdout, or stderr for a failure. */
    private static String run(int expectedExit, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(CLI, "ivs"));
        command.addAll(List.of(args));
        command.addAll(List.of("--endpoint-url", Suite.endpoint().toString(), "--output", "json"));
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> env = builder.environment();
        env.put("AWS_ACCESS_KEY_ID", Suite.KEY_A);
        env.put("AWS_SECRET_ACCESS_KEY", Suite.SECRET_A);
        env.put("AWS_DEFAULT_REGION", Suite.REGION.id());
        env.put("AWS_CONFIG_FILE", "/dev/null");
        env.put("AWS_SHARED_CREDENTIALS_FILE", "/dev/null");
        env.put("AWS_PAGER", "");
        // the CLI's standard retries absorb a ThrottlingException if the default quotas are on
        env.put("AWS_RETRY_MODE", "standard");
        Process process = builder.start();
        String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(expectedExit, process.exitValue(), String.join(" ", args) + ": " + stderr);
        return expectedExit == 0 ? stdout : stderr;
    }
}
