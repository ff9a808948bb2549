package dev.openivs.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openivs.gateway.StubUpstream.Received;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.File;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The gateway's SigV4 verification against the real AWS CLI v2 (botocore's signer), when installed. */
@QuarkusTest
@QuarkusTestResource(StubUpstream.class)
class AwsCliTest {
    private static final String CLI = "/usr/bin/aws";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URI base;

    @BeforeEach
    void requireCli() {
        assumeTrue(new File(CLI).canExecute(), "AWS CLI v2 not installed at " + CLI);
        StubUpstream.RECEIVED.clear();
    }

    @Test
    void shouldAcceptCliSignedRequestsForPostAndTagOperations() throws Exception {
        JsonNode channel = JSON.readTree(cli(0, "get-channel", "--arn", GatewayTest.ARN_A));
        assertEquals(GatewayTest.ARN_A, channel.get("channel").get("arn").asText());
        Received get = StubUpstream.RECEIVED.poll(5, TimeUnit.SECONDS);
        assertEquals(SdkSigning.ACCOUNT_A, get.headers().get("x-ivs-account-id"));
        assertTrue(get.headers().get("x-ivs-user-agent").startsWith("aws-cli/2"), get.headers().get("x-ivs-user-agent"));

        JsonNode tags = JSON.readTree(cli(0, "list-tags-for-resource", "--resource-arn", GatewayTest.ARN_A));
        assertEquals("video", tags.get("tags").get("team").asText());
        cli(0, "untag-resource", "--resource-arn", GatewayTest.ARN_A, "--tag-keys", "team", "cost center", "a/b:c");
        cli(0, "tag-resource", "--resource-arn", GatewayTest.ARN_A, "--tags", "k=v,x=y z");
        cli(0, "list-channels", "--filter-by-name", "caf\u00e9 & co");
        StubUpstream.RECEIVED.poll(5, TimeUnit.SECONDS);
        Received untag = StubUpstream.RECEIVED.poll(5, TimeUnit.SECONDS);
        assertEquals("DELETE", untag.method());
        assertTrue(untag.uri().contains("tagKeys=cost%20center"), untag.uri());
    }

    @Test
    void shouldRefuseTheCliWithAWrongSecret() throws Exception {
        String stderr = cliWith(Map.of("AWS_SECRET_ACCESS_KEY", "wrong"), 254, "list-channels");
        assertTrue(stderr.contains("InvalidSignatureException"), stderr);
        assertTrue(StubUpstream.RECEIVED.isEmpty());
    }

    private String cli(int expectedExit, String... args) throws Exception {
        return cliWith(Map.of(), expectedExit, args);
    }

    /** Runs {@code aws ivs <args>} against the gateway; returns stdout (or stderr when a failure is expected). */
    private String cliWith(Map<String, String> env, int expectedExit, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(CLI, "ivs"));
        command.addAll(List.of(args));
        command.addAll(List.of("--endpoint-url", base.toString().replaceAll("/$", ""), "--output", "json"));
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> environment = builder.environment();
        environment.put("AWS_ACCESS_KEY_ID", SdkSigning.KEY_A);
        environment.put("AWS_SECRET_ACCESS_KEY", SdkSigning.SECRET_A);
        environment.put("AWS_DEFAULT_REGION", SdkSigning.REGION);
        environment.put("AWS_CONFIG_FILE", "/dev/null");
        environment.put("AWS_SHARED_CREDENTIALS_FILE", "/dev/null");
        environment.put("AWS_MAX_ATTEMPTS", "1");
        environment.put("AWS_PAGER", "");
        environment.putAll(env);
        Process process = builder.start();
        String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(expectedExit, process.exitValue(), String.join(" ", args) + ": " + stderr);
        return expectedExit == 0 ? stdout : stderr;
    }
}
