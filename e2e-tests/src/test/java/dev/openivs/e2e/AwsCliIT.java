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

    /**
     * The ad operations through the CLI, when its model has them (botocore added them in 2026; skipped otherwise):
     * create, get, list, delete, and InsertAdBreak on an offline channel.
     */
    @Test
    void shouldManageAdConfigurationsWhenTheCliKnowsThem() throws Exception {
        assumeTrue(new File(CLI).canExecute(), "AWS CLI v2 not installed at " + CLI + " (apt-get install awscli)");
        assumeTrue(cliKnows("create-ad-configuration"), "this AWS CLI predates the ad operations");
        String mediaTailor = "arn:aws:mediatailor:" + Suite.REGION.id() + ":" + Suite.ACCOUNT_A
                + ":playbackConfiguration/cli-it";
        JsonNode created = JSON.readTree(run(0, "create-ad-configuration", "--name", "cli-ads",
                "--media-tailor-playback-configurations", "playbackConfigurationArn=" + mediaTailor));
        String arn = created.get("adConfiguration").get("arn").asText();
        try {
            assertTrue(arn.startsWith("arn:aws:ivs:us-west-2:" + Suite.ACCOUNT_A + ":ad-configuration/"), arn);
            JsonNode got = JSON.readTree(run(0, "get-ad-configuration", "--arn", arn)).get("adConfiguration");
            assertEquals("cli-ads", got.get("name").asText());
            assertEquals(mediaTailor, got.get("mediaTailorPlaybackConfigurations").get(0)
                    .get("playbackConfigurationArn").asText());
            assertEquals(15, got.get("postRollConfiguration").get("durationSeconds").asInt());
            List<String> arns = new ArrayList<>();
            JSON.readTree(run(0, "list-ad-configurations")).get("adConfigurations")
                    .forEach(c -> arns.add(c.get("arn").asText()));
            assertTrue(arns.contains(arn), arns.toString());
        } finally {
            assertEquals("", run(0, "delete-ad-configuration", "--arn", arn).trim());
        }
        JsonNode channel = JSON.readTree(run(0, "create-channel", "--name", "cli-ads-it"));
        String channelArn = channel.get("channel").get("arn").asText();
        try {
            String offline = runFailing("insert-ad-break", "--channel-arn", channelArn, "--duration-seconds", "30");
            assertTrue(offline.contains("ChannelNotBroadcasting"), offline);
        } finally {
            run(0, "delete-channel", "--arn", channelArn);
        }
    }

    /** Whether {@code aws ivs help} lists the command (no pager: its output is not a terminal). */
    private static boolean cliKnows(String command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(CLI, "ivs", "help").redirectErrorStream(true);
        builder.environment().put("AWS_PAGER", "");
        builder.environment().put("PAGER", "cat");
        Process process = builder.start();
        String help = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return process.waitFor(60, TimeUnit.SECONDS) && help.contains(command);
    }

    /** A call the service refuses: CLI v2 exits 254, v1 255; the error text. */
    private static String runFailing(String... args) throws Exception {
        try {
            return run(254, args);
        } catch (AssertionError v1) {
            return run(255, args);
        }
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
