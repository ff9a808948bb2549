package dev.openivs.streamkey;

import static io.restassured.RestAssured.given;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.lenient;

import dev.openivs.aws.errors.ResourceNotFoundException;
import dev.openivs.internal.ResourceRef;
import dev.openivs.internal.channel.ChannelClient;
import dev.openivs.internal.tagging.TaggingClient;
import io.quarkus.test.InjectMock;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import io.smallrye.mutiny.Uni;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.hamcrest.Matcher;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.BeforeEach;

/**
 * Shared set-up: channel-service and tagging-service replaced by in-memory stand-ins (channels exist when
 * registered, tags are remembered), a fresh account per test, internal headers.
 */
public abstract class StreamKeyTestBase {
    public static final String TOKEN = "local-internal-token";

    @InjectMock
    @RestClient
    protected ChannelClient channelClient;
    @InjectMock
    @RestClient
    protected TaggingClient tagging;

    protected final Set<String> channels = ConcurrentHashMap.newKeySet();
    protected final Map<String, Map<String, String>> tags = new ConcurrentHashMap<>();
    protected final String account = randomAccount();

    @BeforeEach
    void installFakes() {
        lenient().when(channelClient.exists(anyString())).thenAnswer(inv -> channels.contains(inv.<String>getArgument(0))
                ? Uni.createFrom().item(new ResourceRef(inv.getArgument(0)))
                : Uni.createFrom().failure(new ResourceNotFoundException()));
        lenient().when(tagging.query(anyString(), any())).thenAnswer(inv -> {
            Map<String, Map<String, String>> result = new HashMap<>();
            inv.<TaggingClient.TagsQuery>getArgument(1).resourceArns()
                    .forEach(arn -> result.put(arn, tags.getOrDefault(arn, Map.of())));
            return Uni.createFrom().item(new TaggingClient.TagsQueryResult(result));
        });
        lenient().when(tagging.set(anyString(), any())).thenAnswer(inv -> {
            TaggingClient.TagsSet s = inv.getArgument(1);
            tags.put(s.resourceArn(), s.tags());
            return Uni.createFrom().voidItem();
        });
        lenient().when(tagging.delete(anyString(), anyString())).thenAnswer(inv -> {
            tags.remove(inv.<String>getArgument(1));
            return Uni.createFrom().voidItem();
        });
    }

    public static String randomAccount() {
        return String.valueOf(ThreadLocalRandom.current().nextLong(100_000_000_000L, 999_999_999_999L));
    }

    /** A channel ARN that channel-service (the stand-in) knows. */
    protected String channel() {
        String arn = "arn:aws:ivs:us-west-2:" + account + ":channel/" + dev.openivs.aws.support.Ids.resourceId();
        channels.add(arn);
        return arn;
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

    protected String createKey(String channelArn) {
        return call("CreateStreamKey", "{\"channelArn\": \"" + channelArn + "\"}").statusCode(200)
                .extract().path("streamKey.arn");
    }

    /** Asserts the AWS error wire form: status, x-amzn-ErrorType and both message members. */
    public static ValidatableResponse assertError(ValidatableResponse r, int status, String type,
            Matcher<String> message) {
        return r.statusCode(status).header("x-amzn-ErrorType", type)
                .header("x-amzn-RequestId", Matchers.notNullValue())
                .body("exceptionMessage", message).body("message", message);
    }
}
