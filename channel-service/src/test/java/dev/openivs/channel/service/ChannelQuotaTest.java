package dev.openivs.channel.service;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doReturn;

import dev.openivs.aws.errors.ValidationException;
import dev.openivs.channel.ChannelTestBase;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The per-account channel quota (here 2), counted per account, given back on delete and undo, held under concurrency. */
@QuarkusTest
@TestProfile(ChannelQuotaTest.SmallQuota.class)
class ChannelQuotaTest extends ChannelTestBase {
    public static class SmallQuota implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("ivs.channel.quota", "2");
        }
    }

    @Test
    void shouldRefuseChannelsBeyondTheAccountQuota() {
        createChannel("{}");
        createChannel("{}");
        assertError(call("CreateChannel", "{}"), 402, "ServiceQuotaExceededException",
                equalTo("Request would cause a service quota to be exceeded."));
        api(randomAccount()).body("{}").post("/CreateChannel").then().statusCode(200);
    }

    @Test
    void shouldGiveQuotaBackWhenAChannelIsDeletedOrItsCreationIsUndone() {
        String first = createChannel("{}");
        String second = createChannel("{}");
        assertError(call("CreateChannel", "{}"), 402, "ServiceQuotaExceededException",
                equalTo("Request would cause a service quota to be exceeded."));
        call("DeleteChannel", "{\"arn\": \"" + first + "\"}").statusCode(204);
        createChannel("{}");
        assertError(call("CreateChannel", "{}"), 402, "ServiceQuotaExceededException",
                equalTo("Request would cause a service quota to be exceeded."));
        call("DeleteChannel", "{\"arn\": \"" + second + "\"}").statusCode(204);
        // a creation that is undone (tagging refuses) gives its place back too
        doReturn(Uni.createFrom().failure(new ValidationException("Tag quota exceeded.")))
                .when(tagging).set(anyString(), any());
        assertError(call("CreateChannel", "{\"tags\": {\"a\": \"b\"}}"), 400, "ValidationException",
                equalTo("Tag quota exceeded."));
        createChannel("{}");
        assertError(call("CreateChannel", "{}"), 402, "ServiceQuotaExceededException",
                equalTo("Request would cause a service quota to be exceeded."));
    }

    @Test
    void shouldHoldTheQuotaUnderConcurrentCreates() throws Exception {
        List<CompletableFuture<Integer>> calls = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            calls.add(CompletableFuture.supplyAsync(() -> call("CreateChannel", "{}").extract().statusCode()));
        }
        List<Integer> statuses = new ArrayList<>();
        for (CompletableFuture<Integer> c : calls) {
            statuses.add(c.get(60, TimeUnit.SECONDS));
        }
        assertEquals(2, statuses.stream().filter(s -> s == 200).count(), "statuses " + statuses);
        assertEquals(6, statuses.stream().filter(s -> s == 402).count(), "statuses " + statuses);
    }
}
