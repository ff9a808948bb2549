package dev.openivs.internal.tagging;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

/**
 * The tags of resources, as stored by tagging-service: one query per response, none when there is nothing to ask.
 * A failure of tagging-service surfaces as the relayed AWS error or ServiceUnavailable.
 */
@ApplicationScoped
public class ResourceTags {
    private static final Logger LOG = Logger.getLogger(ResourceTags.class);
    private final TaggingClient client;

    public ResourceTags(@RestClient TaggingClient client) {
        this.client = client;
    }

    /** Tags of every given ARN ({@code {}} for untagged ones), in one call. */
    public Uni<Map<String, Map<String, String>>> of(String account, Collection<String> arns) {
        if (arns.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return client.query(account, new TaggingClient.TagsQuery(List.copyOf(arns))).map(result -> {
            Map<String, Map<String, String>> tags = new HashMap<>();
            for (String arn : arns) {
                Map<String, String> t = result == null || result.tags() == null ? null : result.tags().get(arn);
                tags.put(arn, t == null ? Map.of() : t);
            }
            return tags;
        });
    }

    public Uni<Map<String, String>> of(String account, String arn) {
        return of(account, List.of(arn)).map(m -> m.get(arn));
    }

    /** Sets (merges) tags of a resource; nothing to do for none. */
    public Uni<Void> set(String account, String arn, Map<String, String> tags) {
        if (tags == null || tags.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return client.set(account, new TaggingClient.TagsSet(arn, tags));
    }

    /** Removes every tag of a resource. */
    public Uni<Void> delete(String account, String arn) {
        return client.delete(account, arn);
    }

    /** Removes every tag of a resource, never failing: tagging-service also removes them on the *Deleted event. */
    public Uni<Void> deleteQuietly(String account, String arn) {
        return client.delete(account, arn).onFailure().recoverWithUni(e -> {
            LOG.warnf("Could not remove the tags of %s now (the deletion event removes them later): %s", arn,
                    e.toString());
            return Uni.createFrom().voidItem();
        });
    }
}
