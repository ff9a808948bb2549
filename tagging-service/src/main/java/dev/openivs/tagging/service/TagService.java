package dev.openivs.tagging.service;

import dev.openivs.aws.IvsConfig;
import dev.openivs.aws.errors.ResourceNotFoundException;
import dev.openivs.aws.errors.ValidationException;
import dev.openivs.aws.rest.RequestContext;
import dev.openivs.aws.support.Arn;
import dev.openivs.aws.support.TagRules;
import dev.openivs.events.EventTypes;
import dev.openivs.events.Topics;
import dev.openivs.events.outbox.Outbox;
import dev.openivs.tagging.repository.TagEntity;
import dev.openivs.tagging.repository.TagRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Tags of every IVS resource. Public operations check with the owner that the resource exists in the caller's
 * account before reading or changing anything; internal ones trust the owner. Every change writes TagsChanged.v1
 * (and, for the public operations, the CloudTrail API-call event) in the same transaction.
 */
@ApplicationScoped
public class TagService {
    static final String TAGS_CHANGED = EventTypes.TAGS_CHANGED;
    /** The model's ResourceArn shape, read as "some IVS resource ARN". */
    private static final Pattern ANY_IVS_ARN = Pattern.compile("arn:aws:ivs:[a-z0-9-]+:[0-9]+:[a-z-]+/[a-zA-Z0-9-]+");

    private final TagRepository tags;
    private final ResourceOwners owners;
    private final Outbox outbox;
    private final RequestContext ctx;
    private final IvsConfig config;

    public TagService(TagRepository tags, ResourceOwners owners, Outbox outbox, RequestContext ctx, IvsConfig config) {
        this.tags = tags;
        this.owners = owners;
        this.outbox = outbox;
        this.ctx = ctx;
        this.config = config;
    }

    /** ListTagsForResource. */
    public Uni<Map<String, String>> list(String resourceArn) {
        Arn arn = visibleArn(resourceArn);
        return owners.requireExists(arn)
                .chain(() -> Panache.withSession(() -> tags.ofResource(arn.toString())))
                .map(TagService::asMap);
    }

    /** TagResource: adds or overwrites; at most 50 tags on the resource afterwards. */
    public Uni<Void> tag(String resourceArn, Map<String, String> newTags) {
        Arn arn = visibleArn(resourceArn);
        if (newTags == null) {
            throw new ValidationException("1 validation error detected: Value null at 'tags' failed to satisfy"
                    + " constraint: Member must not be null");
        }
        TagRules.validate(newTags, "tags");
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("resourceArn", arn.toString());
        request.put("tags", newTags);
        return owners.requireExists(arn).chain(() -> outbox.transactional(() -> merge(arn, newTags)
                .call(() -> outbox.apiCall("TagResource", request, null, arn.toString()))));
    }

    /** UntagResource: removes the listed keys; keys the resource does not have are ignored. */
    public Uni<Void> untag(String resourceArn, List<String> tagKeys) {
        Arn arn = visibleArn(resourceArn);
        if (tagKeys == null || tagKeys.isEmpty()) {
            throw new ValidationException("1 validation error detected: Value null at 'tagKeys' failed to satisfy"
                    + " constraint: Member must not be null");
        }
        TagRules.validateKeys(tagKeys, "tagKeys");
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("resourceArn", arn.toString());
        request.put("tagKeys", tagKeys);
        return owners.requireExists(arn).chain(() -> outbox.transactional(() -> tags.lockResource(arn.toString())
                .chain(() -> tags.removeKeys(arn.toString(), new LinkedHashSet<>(tagKeys)))
                .chain(removed -> removed == 0 ? Uni.createFrom().voidItem() : tagsChanged(arn.toString(), arn.account()))
                .call(() -> outbox.apiCall("UntagResource", request, null, arn.toString()))));
    }

    /** Internal: current tags of each ARN, {@code {}} for ARNs without tags. */
    public Uni<Map<String, Map<String, String>>> query(List<String> resourceArns) {
        if (resourceArns == null) {
            throw new ValidationException("resourceArns is required.");
        }
        Map<String, Map<String, String>> result = new LinkedHashMap<>();
        resourceArns.forEach(a -> result.put(a, new TreeMap<>()));
        if (resourceArns.isEmpty()) {
            return Uni.createFrom().item(result);
        }
        return tags.ofResources(new LinkedHashSet<>(resourceArns)).map(rows -> {
            rows.forEach(t -> result.get(t.resourceArn()).put(t.key(), t.value()));
            return result;
        });
    }

    /** Internal: merges tags given at creation (tag rules and quota apply; the owner vouches for existence). */
    public Uni<Void> set(String resourceArn, Map<String, String> newTags) {
        Arn arn = Arn.parse(resourceArn).orElseThrow(() -> new ValidationException(
                "Value '" + resourceArn + "' at 'resourceArn' failed to satisfy constraint: Member must be a valid"
                        + " IVS resource ARN"));
        Map<String, String> given = newTags == null ? Map.of() : newTags;
        TagRules.validate(given, "tags");
        if (given.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return outbox.transactional(() -> merge(arn, given));
    }

    /** Internal: removes every tag of a resource (idempotent). */
    public Uni<Void> removeAll(String resourceArn) {
        return outbox.transactional(() -> removeAllInTransaction(resourceArn, null));
    }

    /** The owner announced the resource's deletion: drop its tags and never accept new ones for it. */
    public Uni<Void> resourceDeleted(String resourceArn, String account) {
        return tags.markDeleted(resourceArn).chain(() -> removeAllInTransaction(resourceArn, account));
    }

    private Uni<Void> removeAllInTransaction(String resourceArn, String account) {
        return tags.lockResource(resourceArn)
                .chain(() -> tags.removeAll(resourceArn))
                .chain(removed -> removed == 0 ? Uni.createFrom().voidItem()
                        : tagsChanged(resourceArn, account != null ? account
                                : Arn.parse(resourceArn).map(Arn::account).orElse(null)));
    }

    private Uni<Void> merge(Arn arn, Map<String, String> newTags) {
        String key = arn.toString();
        return tags.lockResource(key)
                .chain(() -> tags.isDeleted(key))
                .invoke(deleted -> {
                    if (deleted) {
                        throw new ResourceNotFoundException();
                    }
                })
                .chain(() -> tags.ofResource(key))
                .chain(existing -> {
                    Map<String, TagEntity> byKey = new LinkedHashMap<>();
                    existing.forEach(t -> byKey.put(t.key, t));
                    long added = newTags.keySet().stream().filter(k -> !byKey.containsKey(k)).count();
                    TagRules.checkCount((int) (byKey.size() + added));
                    Uni<Void> chain = Uni.createFrom().voidItem();
                    for (Map.Entry<String, String> e : newTags.entrySet()) {
                        TagEntity current = byKey.get(e.getKey());
                        if (current != null) {
                            current.value = e.getValue();
                        } else {
                            TagEntity t = new TagEntity();
                            t.resourceArn = key;
                            t.key = e.getKey();
                            t.value = e.getValue();
                            t.account = arn.account();
                            chain = chain.chain(() -> tags.persist(t).replaceWithVoid());
                        }
                    }
                    return chain;
                })
                .chain(() -> tags.flush())
                .chain(() -> tagsChanged(key, arn.account()));
    }

    private Uni<Void> tagsChanged(String resourceArn, String account) {
        return tags.ofResource(resourceArn).chain(rows -> {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("resourceArn", resourceArn);
            data.put("tags", asMap(rows));
            return outbox.internal(Topics.TAGS, resourceArn, "tags", resourceArn, TAGS_CHANGED, account, data);
        });
    }

    /**
     * The ARN of a public call: malformed is a ValidationException; another account's or region's resource, or an
     * IVS resource type this suite does not serve, is not found (nothing about it is revealed).
     */
    private Arn visibleArn(String value) {
        String account = ctx.requireAccountId();
        if (value == null || value.isEmpty() || value.length() > 128 || !ANY_IVS_ARN.matcher(value).matches()) {
            throw new ValidationException("Value '" + value + "' at 'resourceArn' failed to satisfy constraint:"
                    + " Member must satisfy regular expression pattern: arn:aws:ivs:[a-z0-9-]+:[0-9]+:[a-z-]/[a-zA-Z0-9-]+");
        }
        Arn arn = Arn.parse(value).orElseThrow(ResourceNotFoundException::new);
        if (!arn.ownedBy(config.region(), account)) {
            throw new ResourceNotFoundException();
        }
        return arn;
    }

    private static Map<String, String> asMap(Collection<TagEntity> rows) {
        Map<String, String> m = new TreeMap<>();
        rows.forEach(t -> m.put(t.key, t.value));
        return m;
    }
}
