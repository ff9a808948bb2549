package dev.openivs.channel.rest;

import static org.hamcrest.Matchers.aMapWithSize;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.openivs.channel.ChannelTestBase;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ChannelResourceTest extends ChannelTestBase {

    @Test
    void shouldCreateAChannelWithTheModelDefaultsAndItsStreamKey() {
        JsonPath body = call("CreateChannel", "{}").statusCode(200).extract().jsonPath();
        String arn = body.getString("channel.arn");
        assertThatArn(arn);
        String id = arn.substring(arn.lastIndexOf('/') + 1);
        assertAll(
                () -> assertEquals("", body.getString("channel.name")),
                () -> assertEquals("LOW", body.getString("channel.latencyMode")),
                () -> assertEquals("STANDARD", body.getString("channel.type")),
                () -> assertEquals(false, body.getBoolean("channel.authorized")),
                () -> assertEquals(false, body.getBoolean("channel.insecureIngest")),
                () -> assertEquals("", body.getString("channel.preset")),
                () -> assertEquals("",
                        body.getString("channel.recordingConfigurationArn")),
                () -> assertEquals("",
                        body.getString("channel.playbackRestrictionPolicyArn")),
                () -> assertEquals("", body.getString("channel.adConfigurationArn")),
                () -> assertEquals("TS", body.getString("channel.containerFormat")),
                () -> assertEquals(false,
                        body.getBoolean("channel.multitrackInputConfiguration.enabled")),
                () -> assertEquals("ALLOW",
                        body.getString("channel.multitrackInputConfiguration.policy")),
                () -> assertEquals("FULL_HD",
                        body.getString("channel.multitrackInputConfiguration.maximumResolution")),
                () -> assertEquals("127.0.0.1", body.getString("channel.ingestEndpoint")),
                () -> assertEquals("127.0.0.1", body.getString("channel.srt.endpoint")),
                () -> assertTrue(
                        body.getString("channel.srt.passphrase").matches("[A-Za-z0-9]{64}")),
                () -> assertEquals("http://127.0.0.1:8090/api/video/v1/us-west-2."
                        + account + ".channel." + id + ".m3u8", body.getString("channel.playbackUrl")),
                () -> assertEquals(java.util.Map.of(),
                        body.getMap("channel.tags")),
                () -> assertEquals(arn, body.getString("streamKey.channelArn")),
                () -> assertNotNull(body.getString("streamKey.value")));
    }

    @Test
    void shouldCreateAChannelWithEveryMemberGiven() {
        String rc = arnOf("recording-configuration", "rc" + account);
        String policy = arnOf("playback-restriction-policy", "p" + account);
        fake.recordingConfigurations.add(rc);
        fake.policies.add(policy);
        call("CreateChannel", """
                {"name": "my-channel_1", "latencyMode": "NORMAL", "type": "ADVANCED_HD", "authorized": true,
                 "insecureIngest": true, "recordingConfigurationArn": "%s", "playbackRestrictionPolicyArn": "%s",
                 "preset": "CONSTRAINED_BANDWIDTH_DELIVERY", "containerFormat": "FRAGMENTED_MP4",
                 "tags": {"team": "video", "env": ""}}""".formatted(rc, policy))
                .statusCode(200)
                .body("channel.name", equalTo("my-channel_1"))
                .body("channel.latencyMode", equalTo("NORMAL"))
                .body("channel.type", equalTo("ADVANCED_HD"))
                .body("channel.authorized", is(true))
                .body("channel.insecureIngest", is(true))
                .body("channel.recordingConfigurationArn", equalTo(rc))
                .body("channel.playbackRestrictionPolicyArn", equalTo(policy))
                .body("channel.preset", equalTo("CONSTRAINED_BANDWIDTH_DELIVERY"))
                .body("channel.containerFormat", equalTo("FRAGMENTED_MP4"))
                .body("channel.tags.team", equalTo("video"))
                .body("channel.tags.env", equalTo(""));
    }

    @Test
    void shouldDefaultThePresetOfAdvancedChannels() {
        call("CreateChannel", "{\"type\": \"ADVANCED_SD\"}").statusCode(200)
                .body("channel.preset", equalTo("HIGHER_BANDWIDTH_DELIVERY"));
    }

    @Test
    void shouldRefuseAPresetOnAStandardChannel() {
        assertError(call("CreateChannel", "{\"preset\": \"HIGHER_BANDWIDTH_DELIVERY\"}"), 400, "ValidationException",
                containsString("preset"));
    }

    @Test
    void shouldEnableMultitrackOnlyWithFragmentedMp4OnStandard() {
        call("CreateChannel", """
                {"containerFormat": "FRAGMENTED_MP4",
                 "multitrackInputConfiguration": {"enabled": true, "policy": "REQUIRE", "maximumResolution": "HD"}}""")
                .statusCode(200)
                .body("channel.multitrackInputConfiguration.enabled", is(true))
                .body("channel.multitrackInputConfiguration.policy", equalTo("REQUIRE"))
                .body("channel.multitrackInputConfiguration.maximumResolution", equalTo("HD"));
        assertError(call("CreateChannel", """
                {"multitrackInputConfiguration": {"enabled": true, "policy": "ALLOW", "maximumResolution": "HD"}}"""),
                400, "ValidationException", containsString("containerFormat"));
        assertError(call("CreateChannel", """
                {"type": "BASIC", "containerFormat": "FRAGMENTED_MP4",
                 "multitrackInputConfiguration": {"enabled": true, "policy": "ALLOW", "maximumResolution": "HD"}}"""),
                400, "ValidationException", containsString("STANDARD"));
        assertError(call("CreateChannel", """
                {"containerFormat": "FRAGMENTED_MP4", "multitrackInputConfiguration": {"enabled": true}}"""),
                400, "ValidationException", containsString("maximumResolution"));
    }

    @Test
    void shouldRefuseMembersOutsideTheModelConstraints() {
        assertError(call("CreateChannel", "{\"name\": \"bad name!\"}"), 400, "ValidationException",
                equalTo("1 validation error detected: Value at 'name' failed to satisfy constraint: "
                        + "Member must satisfy regular expression pattern: [a-zA-Z0-9-_]*"));
        assertError(call("CreateChannel", "{\"name\": \"" + "a".repeat(129) + "\"}"), 400, "ValidationException",
                containsString("Member must have length less than or equal to 128"));
        assertError(call("CreateChannel", "{\"type\": \"PREMIUM\"}"), 400, "ValidationException",
                containsString("Member must satisfy enum value set: [BASIC, STANDARD, ADVANCED_SD, ADVANCED_HD]"));
        assertError(call("CreateChannel", "{\"latencyMode\": \"FAST\"}"), 400, "ValidationException",
                containsString("latencyMode"));
        assertError(call("CreateChannel", "{\"containerFormat\": \"MP4\"}"), 400, "ValidationException",
                containsString("containerFormat"));
        assertError(call("CreateChannel", "{\"recordingConfigurationArn\": \"arn:aws:ivs:us-west-2:1:channel/x\"}"),
                400, "ValidationException", containsString("recordingConfigurationArn"));
        assertError(call("CreateChannel", "{\"authorized\": \"yes\"}"), 400, "ValidationException",
                containsString("authorized"));
        assertError(call("CreateChannel", "{\"tags\": {\"bad*key\": \"v\"}}"), 400, "ValidationException",
                containsString("tags"));
        assertError(call("CreateChannel", "{\"name\": "), 400, "ValidationException", notNullValue(String.class));
    }

    @Test
    void shouldRefuseMoreThanFiftyTags() {
        StringBuilder tags = new StringBuilder();
        for (int i = 0; i < 51; i++) {
            tags.append(i == 0 ? "" : ",").append("\"k").append(i).append("\": \"v\"");
        }
        assertError(call("CreateChannel", "{\"tags\": {" + tags + "}}"), 400, "ValidationException",
                containsString("tags"));
    }

    @Test
    void shouldRefuseReferencesToMissingConfigurations() {
        assertError(call("CreateChannel", "{\"recordingConfigurationArn\": \""
                + arnOf("recording-configuration", "nope") + "\"}"), 404, "ResourceNotFoundException",
                notNullValue(String.class));
        assertError(call("CreateChannel", "{\"playbackRestrictionPolicyArn\": \""
                + arnOf("playback-restriction-policy", "nope") + "\"}"), 404, "ResourceNotFoundException",
                notNullValue(String.class));
        assertError(call("CreateChannel", "{\"recordingConfigurationArn\": "
                + "\"arn:aws:ivs:us-west-2:999999999999:recording-configuration/theirs\"}"), 404,
                "ResourceNotFoundException", notNullValue(String.class));
        assertError(call("CreateChannel", "{\"adConfigurationArn\": \""
                + arnOf("ad-configuration", "nope") + "\"}"), 404, "ResourceNotFoundException",
                notNullValue(String.class));
        call("ListChannels", "{}").statusCode(200).body("channels", empty());
    }

    @Test
    void shouldGetAChannelWithItsTags() {
        String arn = createChannel("{\"name\": \"get-me\", \"tags\": {\"a\": \"b\"}}");
        call("GetChannel", "{\"arn\": \"" + arn + "\"}").statusCode(200)
                .body("channel.arn", equalTo(arn))
                .body("channel.name", equalTo("get-me"))
                .body("channel.tags", aMapWithSize(1))
                .body("channel.tags.a", equalTo("b"))
                .body("channel", not(hasKey("streamKey")));
    }

    @Test
    void shouldNotFindMissingOrForeignChannels() {
        assertError(call("GetChannel", "{\"arn\": \"" + arnOf("channel", "missing12345") + "\"}"), 404,
                "ResourceNotFoundException", equalTo("Request references a resource which does not exist."));
        String arn = createChannel("{}");
        assertError(api(randomAccount()).body("{\"arn\": \"" + arn + "\"}").post("/GetChannel").then(), 404,
                "ResourceNotFoundException", notNullValue(String.class));
        assertError(call("GetChannel", "{\"arn\": \"" + arn.replace("us-west-2", "eu-west-1") + "\"}"), 404,
                "ResourceNotFoundException", notNullValue(String.class));
    }

    @Test
    void shouldRequireAValidArn() {
        assertError(call("GetChannel", "{}"), 400, "ValidationException",
                equalTo("1 validation error detected: Value at 'arn' failed to satisfy constraint: "
                        + "Member must not be null"));
        assertError(api().post("/GetChannel").then(), 400, "ValidationException", containsString("'arn'"));
        assertError(call("GetChannel", "{\"arn\": \"" + arnOf("stream-key", "abc") + "\"}"), 400,
                "ValidationException", containsString("arn"));
        assertError(call("DeleteChannel", "{\"arn\": \"nope\"}"), 400, "ValidationException",
                containsString("arn"));
        assertError(call("UpdateChannel", "{\"name\": \"x\"}"), 400, "ValidationException", containsString("arn"));
    }

    @Test
    void shouldRefuseCallsWithoutAnAccountOrToken() {
        assertError(io.restassured.RestAssured.given().contentType("application/json").body("{}")
                .post("/ListChannels").then(), 403, "AccessDeniedException", notNullValue(String.class));
        assertError(io.restassured.RestAssured.given().header("x-ivs-internal-token", TOKEN)
                .contentType("application/json").body("{}").post("/ListChannels").then(), 403,
                "AccessDeniedException", notNullValue(String.class));
    }

    @Test
    void shouldBatchGetFoundChannelsAndReportTheOthers() {
        String a = createChannel("{\"name\": \"a\"}");
        String b = createChannel("{\"name\": \"b\", \"tags\": {\"k\": \"v\"}}");
        String missing = arnOf("channel", "missing12345");
        String foreign = "arn:aws:ivs:us-west-2:999999999999:channel/theirs123456";
        call("BatchGetChannel", "{\"arns\": [\"%s\", \"%s\", \"%s\", \"%s\", \"%s\"]}"
                .formatted(a, missing, b, foreign, a))
                .statusCode(200)
                .body("channels", hasSize(2))
                .body("channels[0].arn", equalTo(a))
                .body("channels[1].arn", equalTo(b))
                .body("channels[1].tags.k", equalTo("v"))
                .body("channels[0].srt.passphrase", notNullValue())
                .body("errors", hasSize(2))
                .body("errors.arn", hasItem(missing))
                .body("errors.arn", hasItem(foreign))
                .body("errors.find { it.arn == '" + missing + "' }.code", equalTo("ResourceNotFoundException"))
                .body("errors.find { it.arn == '" + foreign + "' }.code", equalTo("ResourceNotFoundException"))
                .body("errors[0].message", notNullValue());
    }

    @Test
    void shouldRefuseABatchWithAMalformedArnAsAWhole() {
        String a = createChannel("{\"name\": \"a\"}");
        String streamKey = arnOf("stream-key", "abcdEFGH1234");
        assertError(call("BatchGetChannel", "{\"arns\": [\"%s\", \"not-an-arn\"]}".formatted(a)), 400,
                "ValidationException", equalTo("1 validation error detected: Value at 'arns.2.member' failed to "
                        + "satisfy constraint: Member must satisfy regular expression pattern: "
                        + "arn:aws:ivs:[a-z0-9-]+:[0-9]+:channel/[a-zA-Z0-9-]+"));
        assertError(call("BatchGetChannel", "{\"arns\": [\"%s\"]}".formatted(streamKey)), 400,
                "ValidationException", containsString("Value at 'arns.1.member' failed to satisfy constraint"));
    }

    @Test
    void shouldRefuseBatchesOutsideOneToFifty() {
        assertError(call("BatchGetChannel", "{\"arns\": []}"), 400, "ValidationException",
                containsString("Member must have length between 1 and 50"));
        assertError(call("BatchGetChannel", "{}"), 400, "ValidationException", containsString("arns"));
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 51; i++) {
            many.add("\"" + arnOf("channel", "c" + i) + "\"");
        }
        assertError(call("BatchGetChannel", "{\"arns\": [" + String.join(",", many) + "]}"), 400,
                "ValidationException", containsString("arns"));
    }

    @Test
    void shouldListChannelsInStablePagesWithOpaqueTokens() {
        Set<String> created = new HashSet<>();
        for (int i = 0; i < 5; i++) {
            created.add(createChannel("{\"name\": \"page\"}"));
        }
        List<String> seen = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            String body = token == null ? "{\"maxResults\": 2}" : "{\"maxResults\": 2, \"nextToken\": \"" + token + "\"}";
            JsonPath page = call("ListChannels", body).statusCode(200).extract().jsonPath();
            seen.addAll(page.getList("channels.arn"));
            token = page.getString("nextToken");
            pages++;
        } while (token != null);
        assertEquals(3, pages);
        assertEquals(created, new HashSet<>(seen));
        assertEquals(5, seen.size());
        call("ListChannels", "{}").statusCode(200).body("channels", hasSize(5)).body("$", not(hasKey("nextToken")));
    }

    @Test
    void shouldListExactlyTheSummaryMembers() {
        createChannel("{\"name\": \"summary\", \"tags\": {\"x\": \"y\"}}");
        call("ListChannels", "{}").statusCode(200)
                .body("channels[0].keySet()", equalTo(Set.of("arn", "name", "latencyMode", "authorized",
                        "recordingConfigurationArn", "tags", "insecureIngest", "type", "preset",
                        "playbackRestrictionPolicyArn", "adConfigurationArn")))
                .body("channels[0].tags.x", equalTo("y"));
    }

    @Test
    void shouldFilterChannelsByNameRecordingConfigurationOrPolicy() {
        String rc = arnOf("recording-configuration", "rc1");
        String policy = arnOf("playback-restriction-policy", "p1");
        fake.recordingConfigurations.add(rc);
        fake.policies.add(policy);
        String named = createChannel("{\"name\": \"wanted\"}");
        createChannel("{\"name\": \"wanted-not\"}");
        String recorded = createChannel("{\"recordingConfigurationArn\": \"" + rc + "\"}");
        String restricted = createChannel("{\"playbackRestrictionPolicyArn\": \"" + policy + "\"}");
        call("ListChannels", "{\"filterByName\": \"wanted\"}").statusCode(200)
                .body("channels.arn", equalTo(List.of(named)));
        call("ListChannels", "{\"filterByRecordingConfigurationArn\": \"" + rc + "\"}").statusCode(200)
                .body("channels.arn", equalTo(List.of(recorded)));
        call("ListChannels", "{\"filterByPlaybackRestrictionPolicyArn\": \"" + policy + "\"}").statusCode(200)
                .body("channels.arn", equalTo(List.of(restricted)));
    }

    @Test
    void shouldRefuseTwoFiltersTogether() {
        assertError(call("ListChannels", "{\"filterByName\": \"a\", \"filterByRecordingConfigurationArn\": \""
                + arnOf("recording-configuration", "rc1") + "\"}"), 409, "ConflictException",
                containsString("filter"));
    }

    @Test
    void shouldRefuseTamperedForeignOrOtherFilterTokens() {
        for (int i = 0; i < 3; i++) {
            createChannel("{\"name\": \"tok\"}");
        }
        String token = call("ListChannels", "{\"maxResults\": 1}").statusCode(200).extract().path("nextToken");
        String tampered = (token.charAt(0) == 'A' ? "B" : "A") + token.substring(1);
        assertError(call("ListChannels", "{\"nextToken\": \"" + tampered + "\"}"), 400, "ValidationException",
                equalTo("The pagination token is invalid."));
        assertError(api(randomAccount()).body("{\"nextToken\": \"" + token + "\"}").post("/ListChannels").then(),
                400, "ValidationException", equalTo("The pagination token is invalid."));
        assertError(call("ListChannels", "{\"filterByName\": \"tok\", \"nextToken\": \"" + token + "\"}"), 400,
                "ValidationException", equalTo("The pagination token is invalid."));
        assertError(call("ListChannels", "{\"nextToken\": \"***\"}"), 400, "ValidationException",
                containsString("nextToken"));
    }

    @Test
    void shouldRefuseMaxResultsOutsideTheRange() {
        assertError(call("ListChannels", "{\"maxResults\": 0}"), 400, "ValidationException",
                containsString("Member must have value greater than or equal to 1"));
        assertError(call("ListChannels", "{\"maxResults\": 101}"), 400, "ValidationException",
                containsString("Member must have value less than or equal to 100"));
        assertError(call("ListChannels", "{\"maxResults\": \"5\"}"), 400, "ValidationException",
                containsString("maxResults"));
    }

    @Test
    void shouldUpdateOnlyTheGivenMembers() {
        String rc = arnOf("recording-configuration", "rc1");
        fake.recordingConfigurations.add(rc);
        String arn = createChannel("{\"name\": \"before\", \"latencyMode\": \"NORMAL\", \"tags\": {\"t\": \"1\"},"
                + " \"recordingConfigurationArn\": \"" + rc + "\"}");
        call("UpdateChannel", "{\"arn\": \"" + arn + "\", \"name\": \"after\", \"type\": \"ADVANCED_SD\"}")
                .statusCode(200)
                .body("channel.name", equalTo("after"))
                .body("channel.latencyMode", equalTo("NORMAL"))
                .body("channel.type", equalTo("ADVANCED_SD"))
                .body("channel.preset", equalTo("HIGHER_BANDWIDTH_DELIVERY"))
                .body("channel.recordingConfigurationArn", equalTo(rc))
                .body("channel.tags.t", equalTo("1"));
        call("UpdateChannel", "{\"arn\": \"" + arn + "\", \"recordingConfigurationArn\": \"\", \"type\": \"BASIC\"}")
                .statusCode(200)
                .body("channel.recordingConfigurationArn", equalTo(""))
                .body("channel.preset", equalTo(""));
        call("GetChannel", "{\"arn\": \"" + arn + "\"}").statusCode(200)
                .body("channel.name", equalTo("after"))
                .body("channel.type", equalTo("BASIC"))
                .body("channel.recordingConfigurationArn", equalTo(""));
    }

    @Test
    void shouldRefuseUpdatesThatBreakTheRules() {
        String arn = createChannel("{}");
        assertError(call("UpdateChannel", "{\"arn\": \"" + arn + "\", \"preset\": \"HIGHER_BANDWIDTH_DELIVERY\"}"),
                400, "ValidationException", containsString("preset"));
        assertError(call("UpdateChannel", "{\"arn\": \"" + arn + "\", \"playbackRestrictionPolicyArn\": \""
                + arnOf("playback-restriction-policy", "gone") + "\"}"), 404, "ResourceNotFoundException",
                notNullValue(String.class));
        assertError(call("UpdateChannel", "{\"arn\": \"" + arnOf("channel", "missing12345") + "\"}"), 404,
                "ResourceNotFoundException", notNullValue(String.class));
        fake.liveChannels.add(arn);
        assertError(call("UpdateChannel", "{\"arn\": \"" + arn + "\", \"name\": \"x\"}"), 409, "ConflictException",
                containsString("live"));
    }

    @Test
    void shouldDeleteAChannelWithItsKeysAndTags() {
        String arn = createChannel("{\"tags\": {\"a\": \"b\"}}");
        assertTrue(fake.keysByChannel.containsKey(arn));
        api().body("{\"arn\": \"" + arn + "\"}").post("/DeleteChannel").then().statusCode(204)
                .body(equalTo(""));
        assertFalse(fake.keysByChannel.containsKey(arn));
        assertFalse(fake.tags.containsKey(arn));
        assertError(call("GetChannel", "{\"arn\": \"" + arn + "\"}"), 404, "ResourceNotFoundException",
                notNullValue(String.class));
        assertError(call("DeleteChannel", "{\"arn\": \"" + arn + "\"}"), 404, "ResourceNotFoundException",
                notNullValue(String.class));
    }

    @Test
    void shouldRefuseToDeleteALiveChannel() {
        String arn = createChannel("{}");
        fake.liveChannels.add(arn);
        assertError(call("DeleteChannel", "{\"arn\": \"" + arn + "\"}"), 409, "ConflictException",
                containsString("live"));
        call("GetChannel", "{\"arn\": \"" + arn + "\"}").statusCode(200);
    }

    @Test
    void shouldAnswerUnknownOperationsWithUnknownOperationException() {
        assertError(call("CreateChannels", "{}"), 404, "UnknownOperationException", notNullValue(String.class));
    }

    private static void assertThatArn(String arn) {
        org.hamcrest.MatcherAssert.assertThat(arn,
                matchesPattern("arn:aws:ivs:us-west-2:[0-9]{12}:channel/[a-zA-Z0-9]{12}"));
    }
}
