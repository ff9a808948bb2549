package dev.openivs.load;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.rampUsers;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Load on the IVS API through the gateway, every request SigV4-signed with the AWS SDK's signer.
 *
 * <p>Scenarios (system property {@code scenarios}, comma-separated, default {@code read,write}):
 * <ul>
 *   <li>{@code read}: each user creates a channel, then loops GetChannel, ListChannels, GetStream (200 when live,
 *       404 ChannelNotBroadcasting otherwise: both count as success), and deletes the channel at the end;</li>
 *   <li>{@code write}: loops CreateChannel, TagResource, DeleteChannel;</li>
 *   <li>{@code metadata}: PutMetadata against live channels at the IVS per-channel quota (5/s): the ARNs of
 *       {@code liveChannelArns}, or, when that is empty, one channel it creates and prints the ffmpeg command for;
 *       PutMetadata on a channel that is not live is 404 ChannelNotBroadcasting and counts as a failure.</li>
 * </ul>
 * Parameters (system properties): baseUrl (http://127.0.0.1:8080), users (10, per scenario), duration (60 s),
 * ramp (10 s), accessKey/secretKey (the example account 123456789012), region (us-west-2), liveChannelArns,
 * liveWait (seconds to wait after printing the ffmpeg command, 0), maxFailedPercent (1).
 */
public class IvsSimulation extends Simulation {
    static final String BASE_URL = System.getProperty("baseUrl", "http://127.0.0.1:8080");
    static final int USERS = Integer.getInteger("users", 10);
    static final Duration DURATION = Duration.ofSeconds(Integer.getInteger("duration", 60));
    static final Duration RAMP = Duration.ofSeconds(Integer.getInteger("ramp", 10));
    static final String ACCESS_KEY = System.getProperty("accessKey", "AKIAIOSFODNN7EXAMPLE");
    static final String SECRET_KEY = System.getProperty("secretKey", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
    static final String REGION = System.getProperty("region", "us-west-2");
    static final List<String> SCENARIOS = Arrays.asList(System.getProperty("scenarios", "read,write").split(","));
    static final List<String> LIVE_CHANNELS = Arrays.stream(System.getProperty("liveChannelArns", "").split(","))
            .map(String::strip).filter(s -> !s.isEmpty()).toList();
    static final int LIVE_WAIT = Integer.getInteger("liveWait", 0);
    static final double MAX_FAILED_PERCENT = Double.parseDouble(System.getProperty("maxFailedPercent", "1"));

    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static final SigV4 SIGNER = new SigV4(ACCESS_KEY, SECRET_KEY, REGION);

    HttpProtocolBuilder protocol = http.baseUrl(BASE_URL)
            .contentTypeHeader("application/json")
            .acceptHeader("application/json")
            .userAgentHeader("openivs-gatling/1.0")
            .sign(SIGNER::sign);

    static ChainBuilder createChannel(String into) {
        return exec(http("CreateChannel").post("/CreateChannel")
                .body(StringBody(s -> "{\"name\":\"load-" + SEQUENCE.incrementAndGet() + "\",\"latencyMode\":\"LOW\","
                        + "\"type\":\"STANDARD\"}"))
                .check(status().is(200))
                .check(jsonPath("$.channel.arn").saveAs(into))
                .check(jsonPath("$.channel.ingestEndpoint").saveAs("ingestEndpoint"))
                .check(jsonPath("$.streamKey.value").saveAs("streamKeyValue")));
    }

    static ChainBuilder deleteChannel(String from) {
        return exec(http("DeleteChannel").post("/DeleteChannel")
                .body(StringBody(s -> "{\"arn\":\"" + s.getString(from) + "\"}"))
                .check(status().is(204)));
    }

    static final ChainBuilder GET_CHANNEL = exec(http("GetChannel").post("/GetChannel")
            .body(StringBody(s -> "{\"arn\":\"" + s.getString("channelArn") + "\"}"))
            .check(status().is(200)));

    static final ChainBuilder LIST_CHANNELS = exec(http("ListChannels").post("/ListChannels")
            .body(StringBody("{\"maxResults\":10}"))
            .check(status().is(200)));

    static final ChainBuilder GET_STREAM = exec(http("GetStream").post("/GetStream")
            .body(StringBody(s -> "{\"channelArn\":\"" + s.getString("channelArn") + "\"}"))
            .check(status().in(200, 404)));

    static final ChainBuilder TAG_RESOURCE = exec(http("TagResource")
            .post(s -> "/tags/" + URLEncoder.encode(s.getString("writeArn"), StandardCharsets.UTF_8))
            .body(StringBody(s -> "{\"tags\":{\"load\":\"" + s.userId() + "\",\"team\":\"video\"}}"))
            .check(status().is(200)));

    static final ChainBuilder PUT_METADATA = exec(http("PutMetadata").post("/PutMetadata")
            .body(StringBody(s -> "{\"channelArn\":\"" + s.getString("liveArn") + "\",\"metadata\":\"{\\\"seq\\\":"
                    + SEQUENCE.incrementAndGet() + "}\"}"))
            .check(status().is(204)));

    ScenarioBuilder read = scenario("read-heavy")
            .exec(createChannel("channelArn"))
            .exitHereIfFailed()
            .during(DURATION).on(exec(GET_CHANNEL, LIST_CHANNELS, GET_STREAM))
            .exec(deleteChannel("channelArn"));

    ScenarioBuilder write = scenario("write")
            .during(DURATION).on(
                    exec(s -> s.markAsSucceeded().remove("writeArn"))
                            .exec(createChannel("writeArn"))
                            .doIf(s -> s.contains("writeArn")).then(exec(TAG_RESOURCE, deleteChannel("writeArn"))));

    ScenarioBuilder metadata = scenario("put-metadata")
            .doIfOrElse(s -> LIVE_CHANNELS.isEmpty()).then(
                    exec(createChannel("liveArn"))
                            .exitHereIfFailed()
                            .exec(IvsSimulation::printFfmpegCommand)
                            .pause(Duration.ofSeconds(LIVE_WAIT)))
            .orElse(exec(s -> s.set("liveArn", LIVE_CHANNELS.get((int) (s.userId() % LIVE_CHANNELS.size())))))
            // IVS allows 5 PutMetadata per second per channel: one every 200 ms per user
            .during(DURATION).on(exec(PUT_METADATA).pace(Duration.ofMillis(200)));

    {
        List<PopulationBuilder> populations = new ArrayList<>();
        if (SCENARIOS.contains("read")) {
            populations.add(read.injectOpen(rampUsers(USERS).during(RAMP)));
        }
        if (SCENARIOS.contains("write")) {
            populations.add(write.injectOpen(rampUsers(USERS).during(RAMP)));
        }
        if (SCENARIOS.contains("metadata")) {
            int users = LIVE_CHANNELS.isEmpty() ? 1 : LIVE_CHANNELS.size();
            populations.add(metadata.injectOpen(rampUsers(users).during(Duration.ofSeconds(1))));
        }
        if (populations.isEmpty()) {
            throw new IllegalArgumentException("scenarios must name read, write and/or metadata: " + SCENARIOS);
        }
        setUp(populations).protocols(protocol)
                .assertions(global().failedRequests().percent().lte(MAX_FAILED_PERCENT));
    }

    private static Session printFfmpegCommand(Session s) {
        System.out.printf("%nPutMetadata needs a live channel. Publish to %s with, for example:%n"
                        + "  ffmpeg -re -f lavfi -i testsrc=size=1280x720:rate=30 -f lavfi -i sine=frequency=440 "
                        + "-c:v libx264 -preset veryfast -b:v 2500k -g 60 -c:a aac -b:a 128k -f flv "
                        + "rtmp://%s:1935/app/%s%n(or pass -DliveChannelArns=<arn,...> of channels already live)%n%n",
                s.getString("liveArn"), hostOnly(s.getString("ingestEndpoint")), s.getString("streamKeyValue"));
        return s;
    }

    private static String hostOnly(String ingestEndpoint) {
        return ingestEndpoint == null ? "127.0.0.1" : ingestEndpoint.replaceFirst(":\\d+$", "");
    }
}
