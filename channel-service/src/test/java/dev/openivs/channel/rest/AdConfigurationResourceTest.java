package dev.openivs.channel.rest;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.openivs.channel.ChannelTestBase;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The five ad-configuration operations, their validation, paging, isolation, and channels referencing them. */
@QuarkusTest
class AdConfigurationResourceTest extends ChannelTestBase {
    private static final String VALIDATION = "ValidationException";

    @Inject
    Pool pool;

    private String mediaTailor(String name) {
        return "arn:aws:mediatailor:" + REGION + ":" + account + ":playbackConfiguration/" + name;
    }

    private String configurations(String... names) {
        List<String> items = new ArrayList<>();
        for (String n : names) {
            items.add("{\"playbackConfigurationArn\": \"" + mediaTailor(n) + "\"}");
        }
        return "[" + String.join(",", items) + "]";
    }

    private String createAd(String extra) {
        return call("CreateAdConfiguration", "{\"mediaTailorPlaybackConfigurations\": " + configurations("mt-1")
                + extra + "}").statusCode(200).extract().path("adConfiguration.arn");
    }

    private String arnBody(String arn) {
        return "{\"arn\": \"" + arn + "\"}";
    }

    @Test
    void shouldCreateGetListUpdateAndDeleteAnAdConfiguration() throws Throwable {
        String arn = call("CreateAdConfiguration", "{\"name\": \"ads-1\", \"mediaTailorPlaybackConfigurations\": "
                + configurations("first", "second") + ", \"tags\": {\"team\": \"ads\"}}").statusCode(200)
                .header("x-amzn-RequestId", notNullValue())
                .body("adConfiguration.arn", matchesPattern(
                        "arn:aws:ivs:us-west-2:" + account + ":ad-configuration/[a-zA-Z0-9]{12}"))
                .body("adConfiguration.name", equalTo("ads-1"))
                .body("adConfiguration.mediaTailorPlaybackConfigurations.playbackConfigurationArn",
                        equalTo(List.of(mediaTailor("first"), mediaTailor("second"))))
                .body("adConfiguration.postRollConfiguration.enabled", equalTo(false))
                .body("adConfiguration.postRollConfiguration.durationSeconds", equalTo(15))
                .body("adConfiguration.tags.team", equalTo("ads"))
                .extract().path("adConfiguration.arn");

        call("GetAdConfiguration", arnBody(arn)).statusCode(200)
                .body("adConfiguration.arn", equalTo(arn))
                .body("adConfiguration.mediaTailorPlaybackConfigurations", hasSize(2))
                .body("adConfiguration.postRollConfiguration.durationSeconds", equalTo(15))
                .body("adConfiguration.tags.team", equalTo("ads"));

        call("ListAdConfigurations", "{}").statusCode(200)
                .body("adConfigurations.arn", equalTo(List.of(arn)))
                .body("adConfigurations[0].name", equalTo("ads-1"))
                .body("adConfigurations[0].mediaTailorPlaybackConfigurations", hasSize(2))
                .body("adConfigurations[0].postRollConfiguration.enabled", equalTo(false))
                .body("adConfigurations[0].tags.team", equalTo("ads"))
                .body("nextToken", nullValue());

        // omitted members keep their value
        call("UpdateAdConfiguration", "{\"arn\": \"" + arn + "\", \"postRollConfiguration\": "
                + "{\"enabled\": true, \"durationSeconds\": 30}}").statusCode(200)
                .body("adConfiguration.name", equalTo("ads-1"))
                .body("adConfiguration.mediaTailorPlaybackConfigurations", hasSize(2))
                .body("adConfiguration.postRollConfiguration.enabled", equalTo(true))
                .body("adConfiguration.postRollConfiguration.durationSeconds", equalTo(30))
                .body("adConfiguration.tags.team", equalTo("ads"));
        call("UpdateAdConfiguration", "{\"arn\": \"" + arn + "\", \"name\": \"renamed\", "
                + "\"mediaTailorPlaybackConfigurations\": " + configurations("third") + "}").statusCode(200);
        call("GetAdConfiguration", arnBody(arn)).statusCode(200)
                .body("adConfiguration.name", equalTo("renamed"))
                .body("adConfiguration.mediaTailorPlaybackConfigurations.playbackConfigurationArn",
                        equalTo(List.of(mediaTailor("third"))))
                .body("adConfiguration.postRollConfiguration.durationSeconds", equalTo(30));

        call("DeleteAdConfiguration", arnBody(arn)).statusCode(204);
        assertError(call("GetAdConfiguration", arnBody(arn)), 404, "ResourceNotFoundException",
                notNullValue(String.class));
        assertError(call("DeleteAdConfiguration", arnBody(arn)), 404, "ResourceNotFoundException",
                notNullValue(String.class));
        assertError(call("UpdateAdConfiguration", "{\"arn\": \"" + arn + "\", \"name\": \"x\"}"), 404,
                "ResourceNotFoundException", notNullValue(String.class));
        assertTrue(!fake.tags.containsKey(arn) || fake.tags.get(arn).isEmpty(), "tags removed with it");

        // each change wrote its internal event and its CloudTrail record, keyed by the configuration's ARN
        List<String> types = VertxContextSupport.subscribeAndAwait(() -> pool
                .preparedQuery("SELECT type FROM outbox_event WHERE msg_key = $1 AND topic = 'ivs.channel' ORDER BY seq")
                .execute(Tuple.of(arn)).map(rs -> {
                    List<String> out = new ArrayList<>();
                    rs.forEach(r -> out.add(r.getString("type")));
                    return out;
                }));
        assertEquals(List.of("AdConfigurationCreated.v1", "AdConfigurationUpdated.v1", "AdConfigurationUpdated.v1",
                "AdConfigurationDeleted.v1"), types);
        long apiCalls = VertxContextSupport.subscribeAndAwait(() -> pool
                .preparedQuery("SELECT count(*) FROM outbox_event WHERE topic = 'ivs.eventbridge' AND payload LIKE $1")
                .execute(Tuple.of("%" + arn + "%")).map(rs -> rs.iterator().next().getLong(0)));
        assertEquals(4, apiCalls, "Create, two Updates and Delete as AWS API Call via CloudTrail");
    }

    @Test
    void shouldRefuseInvalidInputTheWayAwsDoes() {
        assertError(call("CreateAdConfiguration", ""), 400, VALIDATION,
                containsString("Value null at 'mediaTailorPlaybackConfigurations'"));
        assertError(call("CreateAdConfiguration", "{}"), 400, VALIDATION,
                containsString("'mediaTailorPlaybackConfigurations' failed to satisfy constraint: "
                        + "Member must not be null"));
        assertError(call("CreateAdConfiguration", "{\"mediaTailorPlaybackConfigurations\": []}"), 400, VALIDATION,
                containsString("Member must have length between 1 and 3"));
        assertError(call("CreateAdConfiguration", "{\"mediaTailorPlaybackConfigurations\": "
                + configurations("a", "b", "c", "d") + "}"), 400, VALIDATION,
                containsString("Member must have length between 1 and 3"));
        assertError(call("CreateAdConfiguration", "{\"mediaTailorPlaybackConfigurations\": "
                + "[{\"playbackConfigurationArn\": \"arn:aws:ivs:us-west-2:1:channel/x\"}]}"), 400, VALIDATION,
                containsString("Value at 'mediaTailorPlaybackConfigurations.1.member.playbackConfigurationArn' "
                        + "failed to satisfy constraint: Member must satisfy regular expression pattern: "
                        + "arn:aws:mediatailor:"));
        assertError(call("CreateAdConfiguration", "{\"mediaTailorPlaybackConfigurations\": [{}]}"), 400,
                VALIDATION, containsString("playbackConfigurationArn' failed to satisfy constraint: "
                        + "Member must not be null"));
        assertError(call("CreateAdConfiguration", "{\"mediaTailorPlaybackConfigurations\": [{\"playbackConfiguration"
                + "Arn\": \"arn:aws:mediatailor:us-west-2:999999999999:playbackConfiguration/theirs\"}]}"), 400,
                VALIDATION, containsString("same account and region"));
        assertError(call("CreateAdConfiguration", "{\"name\": \"no spaces\", \"mediaTailorPlaybackConfigurations\": "
                + configurations("a") + "}"), 400, VALIDATION, containsString("Value at 'name'"));
        for (String postRoll : List.of("{\"enabled\": true, \"durationSeconds\": 0}",
                "{\"enabled\": true, \"durationSeconds\": 301}", "{\"durationSeconds\": 10}", "{\"enabled\": true}")) {
            assertError(call("CreateAdConfiguration", "{\"mediaTailorPlaybackConfigurations\": " + configurations("a")
                    + ", \"postRollConfiguration\": " + postRoll + "}"), 400, VALIDATION,
                    containsString("Value at 'postRollConfiguration."));
        }
        assertError(call("CreateAdConfiguration", "{\"mediaTailorPlaybackConfigurations\": " + configurations("a")
                + ", \"tags\": {\"\": \"v\"}}"), 400, VALIDATION, containsString("tags"));
        assertError(call("GetAdConfiguration", "{}"), 400, VALIDATION,
                containsString("Value at 'arn' failed to satisfy constraint: Member must not be null"));
        assertError(call("GetAdConfiguration", "{\"arn\": \"" + arnOf("channel", "abc") + "\"}"), 400, VALIDATION,
                containsString("arn:aws:ivs:[a-z0-9-]+:[0-9]+:ad-configuration/[a-zA-Z0-9-]+"));
        assertError(call("DeleteAdConfiguration", ""), 400, VALIDATION, containsString("Value null at 'arn'"));
        assertError(call("UpdateAdConfiguration", "{\"name\": \"x\"}"), 400, VALIDATION,
                containsString("Value at 'arn'"));
        assertError(call("UpdateAdConfiguration", "{\"arn\": \"" + arnOf("ad-configuration", "abc")
                + "\", \"mediaTailorPlaybackConfigurations\": []}"), 400, VALIDATION,
                containsString("Member must have length between 1 and 3"));
        assertError(call("ListAdConfigurations", "{\"maxResults\": 0}"), 400, VALIDATION,
                containsString("Value at 'maxResults'"));
        assertError(call("ListAdConfigurations", "{\"maxResults\": 101}"), 400, VALIDATION,
                containsString("Value at 'maxResults'"));
        assertError(call("ListAdConfigurations", "{\"nextToken\": \"forged\"}"), 400, VALIDATION,
                notNullValue(String.class));
        call("ListAdConfigurations", "{}").statusCode(200).body("adConfigurations", hasSize(0));
    }

    @Test
    void shouldPageInCreationOrderAndKeepAccountsApart() {
        List<String> arns = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            arns.add(createAd(", \"name\": \"n" + i + "\""));
        }
        List<String> seen = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            String body = token == null ? "{\"maxResults\": 2}" : "{\"maxResults\": 2, \"nextToken\": \"" + token + "\"}";
            io.restassured.path.json.JsonPath page = call("ListAdConfigurations", body).statusCode(200)
                    .extract().jsonPath();
            seen.addAll(page.getList("adConfigurations.arn"));
            token = page.getString("nextToken");
            pages++;
        } while (token != null);
        assertEquals(arns, seen);
        assertEquals(3, pages);

        String other = randomAccount();
        String firstToken = call("ListAdConfigurations", "{\"maxResults\": 1}").extract().path("nextToken");
        assertError(api(other).body("{\"nextToken\": \"" + firstToken + "\"}").post("/ListAdConfigurations").then(),
                400, VALIDATION, notNullValue(String.class));
        api(other).body("{}").post("/ListAdConfigurations").then().statusCode(200).body("adConfigurations", hasSize(0));
        for (String op : List.of("GetAdConfiguration", "DeleteAdConfiguration")) {
            assertError(api(other).body(arnBody(arns.get(0))).post("/" + op).then(), 404,
                    "ResourceNotFoundException", notNullValue(String.class));
        }
        assertError(api(other).body("{\"arn\": \"" + arns.get(0) + "\", \"name\": \"mine\"}")
                .post("/UpdateAdConfiguration").then(), 404, "ResourceNotFoundException", notNullValue(String.class));
        // tagging-service asks the owner whether a resource exists in the caller's account
        api().queryParam("arn", arns.get(0)).get("/internal/resources").then().statusCode(200)
                .body("arn", equalTo(arns.get(0)));
        api(other).queryParam("arn", arns.get(0)).get("/internal/resources").then().statusCode(404);
    }

    @Test
    void shouldRefuseMoreThanTheQuota() {
        for (int i = 0; i < 20; i++) {
            createAd("");
        }
        assertError(call("CreateAdConfiguration", "{\"mediaTailorPlaybackConfigurations\": " + configurations("x")
                + ", \"tags\": {\"k\": \"v\"}}"), 402, "ServiceQuotaExceededException", containsString("(20)"));
        call("ListAdConfigurations", "{}").statusCode(200).body("adConfigurations", hasSize(20));
    }

    @Test
    void shouldReferenceFromChannelsAndRefuseDeletingAReferencedOne() {
        String ad = createAd("");
        String channel = createChannel("{\"name\": \"with-ads\", \"adConfigurationArn\": \"" + ad + "\"}");
        call("GetChannel", arnBody(channel)).statusCode(200).body("channel.adConfigurationArn", equalTo(ad));
        String plain = createChannel("{}");
        call("ListChannels", "{\"filterByAdConfigurationArn\": \"" + ad + "\"}").statusCode(200)
                .body("channels.arn", equalTo(List.of(channel)))
                .body("channels[0].adConfigurationArn", equalTo(ad));
        call("UpdateChannel", "{\"arn\": \"" + plain + "\", \"adConfigurationArn\": \"" + ad + "\"}").statusCode(200)
                .body("channel.adConfigurationArn", equalTo(ad));

        assertError(call("DeleteAdConfiguration", arnBody(ad)), 409, "ConflictException",
                containsString("referenced by 2 channel(s)"));
        call("GetAdConfiguration", arnBody(ad)).statusCode(200);

        // "" clears the reference; then the configuration can go
        call("UpdateChannel", "{\"arn\": \"" + plain + "\", \"adConfigurationArn\": \"\"}").statusCode(200)
                .body("channel.adConfigurationArn", equalTo(""));
        call("DeleteChannel", arnBody(channel)).statusCode(204);
        call("DeleteAdConfiguration", arnBody(ad)).statusCode(204);
        assertError(call("CreateChannel", "{\"adConfigurationArn\": \"" + ad + "\"}"), 404,
                "ResourceNotFoundException", containsString(ad));
        assertError(call("UpdateChannel", "{\"arn\": \"" + plain + "\", \"adConfigurationArn\": \"" + ad + "\"}"),
                404, "ResourceNotFoundException", containsString(ad));

        // another account's configuration is not found
        String other = randomAccount();
        String theirs = api(other).body("{\"mediaTailorPlaybackConfigurations\": [{\"playbackConfigurationArn\": "
                + "\"arn:aws:mediatailor:us-west-2:" + other + ":playbackConfiguration/x\"}]}")
                .post("/CreateAdConfiguration").then().statusCode(200).extract().path("adConfiguration.arn");
        assertError(call("CreateChannel", "{\"adConfigurationArn\": \"" + theirs + "\"}"), 404,
                "ResourceNotFoundException", notNullValue(String.class));
        call("ListChannels", "{}").statusCode(200).body("channels.arn", not(hasItem(channel)));
    }

    @Test
    void shouldNeverLetADeleteAndANewReferenceBothWin() throws Exception {
        // CreateChannel locks the configuration's row for share while it writes the reference; the delete locks it
        // for update before counting references: whichever runs second sees the other's result
        for (int round = 0; round < 5; round++) {
            String ad = createAd("");
            var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
            var create = pool.submit(() -> call("CreateChannel", "{\"adConfigurationArn\": \"" + ad + "\"}")
                    .extract().statusCode());
            var delete = pool.submit(() -> call("DeleteAdConfiguration", arnBody(ad)).extract().statusCode());
            int created = create.get();
            int deleted = delete.get();
            pool.shutdown();
            assertTrue((created == 200 && deleted == 409) || (created == 404 && deleted == 204),
                    "create " + created + ", delete " + deleted);
        }
    }

}
