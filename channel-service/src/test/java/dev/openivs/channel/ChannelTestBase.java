package dev.openivs.channel;

import static io.restassured.RestAssured.given;

import dev.openivs.internal.playbackauth.PlaybackAuthClient;
import dev.openivs.internal.recording.RecordingClient;
import dev.openivs.internal.stream.StreamClient;
import dev.openivs.internal.streamkey.StreamKeyClient;
import dev.openivs.internal.tagging.TaggingClient;
import io.quarkus.test.InjectMock;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.util.concurrent.ThreadLocalRandom;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.junit.jupiter.api.BeforeEach;

/** Shared set-up: neighbours replaced by {@link FakeNeighbours}, a fresh account per test, internal headers. */
public abstract class ChannelTestBase {
    public static final String TOKEN = "local-internal-token";
    public static final String REGION = "us-west-2";

    @InjectMock
    @RestClient
    protected StreamKeyClient streamKeys;
    @InjectMock
    @RestClient
    protected TaggingClient tagging;
    @InjectMock
    @RestClient
    protected RecordingClient recording;
    @InjectMock
    @RestClient
    protected PlaybackAuthClient playbackAuth;
    @InjectMock
    @RestClient
    protected StreamClient streams;

    protected final FakeNeighbours fake = new FakeNeighbours();
    protected final String account = randomAccount();

    @BeforeEach
    void installFakes() {
        fake.install(streamKeys, tagging, recording, playbackAuth, streams);
    }

    public static String randomAccount() {
        return String.valueOf(ThreadLocalRandom.current().nextLong(100_000_000_000L, 999_999_999_999L));
    }

    protected RequestSpecification api() {
        return api(account);
    }

    protected RequestSpecification api(String acct) {
        return given().header("x-ivs-internal-token", TOKEN).header("x-ivs-account-id", acct)
                .contentType(ContentType.JSON);
    }

    protected ValidatableResponse call(String operation, String body) {
        return api().body(body).post("/" + operation).then();
    }

    /** Creates a channel and returns its ARN. */
    protected String createChannel(String body) {
        return call("CreateChannel", body).statusCode(200).extract().path("channel.arn");
    }

    /** Asserts the AWS error wire form: status, x-amzn-ErrorType and both message members. */
    public static ValidatableResponse assertError(ValidatableResponse r, int status, String type,
            org.hamcrest.Matcher<String> message) {
        return r.statusCode(status).header("x-amzn-ErrorType", type).header("x-amzn-RequestId", org.hamcrest.Matchers.notNullValue())
                .body("exceptionMessage", message).body("message", message);
    }

    protected String arnOf(String type, String id) {
        return "arn:aws:ivs:" + REGION + ":" + account + ":" + type + "/" + id;
    }
}
