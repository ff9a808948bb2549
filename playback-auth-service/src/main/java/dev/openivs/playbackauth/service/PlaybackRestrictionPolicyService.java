package dev.openivs.playbackauth.service;

import dev.openivs.aws.IvsConfig;
import dev.openivs.aws.errors.ConflictException;
import dev.openivs.aws.errors.ResourceNotFoundException;
import dev.openivs.aws.errors.ServiceQuotaExceededException;
import dev.openivs.aws.errors.ValidationException;
import dev.openivs.aws.rest.RequestContext;
import dev.openivs.aws.support.Arn;
import dev.openivs.aws.support.Ids;
import dev.openivs.aws.support.PageTokens;
import dev.openivs.aws.support.ResourceType;
import dev.openivs.aws.support.SeqPages;
import dev.openivs.aws.support.TagRules;
import dev.openivs.events.EventTypes;
import dev.openivs.events.Topics;
import dev.openivs.events.outbox.Outbox;
import dev.openivs.internal.channel.ChannelReferencesClient;
import dev.openivs.internal.tagging.ResourceTags;
import dev.openivs.playbackauth.config.PlaybackAuthConfig;
import dev.openivs.playbackauth.mapping.PlaybackRestrictionPolicyMapper;
import dev.openivs.playbackauth.model.CreatePlaybackRestrictionPolicyRequest;
import dev.openivs.playbackauth.model.ListPlaybackRestrictionPoliciesResponse;
import dev.openivs.playbackauth.model.PlaybackRestrictionPolicy;
import dev.openivs.playbackauth.model.PlaybackRestrictionPolicySummary;
import dev.openivs.playbackauth.model.UpdatePlaybackRestrictionPolicyRequest;
import dev.openivs.playbackauth.repository.PlaybackRestrictionPolicyEntity;
import dev.openivs.playbackauth.repository.PlaybackRestrictionPolicyRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * Playback restriction policies: allowed countries (ISO 3166-1 alpha-2, upper case, as the JDK knows them;
 * [] = all), allowed origins ([] = all), strict origin enforcement. Deleting one that a channel references is a
 * ConflictException, decided by asking channel-service at that moment.
 */
@ApplicationScoped
public class PlaybackRestrictionPolicyService {
    static final String AGGREGATE = "playback-restriction-policy";
    private static final String LIST_SCOPE = "ListPlaybackRestrictionPolicies";
    private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());

    private final PlaybackRestrictionPolicyRepository repository;
    private final ResourceTags tags;
    private final ChannelReferencesClient channels;
    private final Outbox outbox;
    private final RequestContext ctx;
    private final IvsConfig ivs;
    private final PlaybackAuthConfig config;
    private final PageTokens pageTokens;
    private final PlaybackRestrictionPolicyMapper mapper;

    public PlaybackRestrictionPolicyService(PlaybackRestrictionPolicyRepository repository, ResourceTags tags,
            @RestClient ChannelReferencesClient channels, Outbox outbox, RequestContext ctx, IvsConfig ivs,
            PlaybackAuthConfig config, PageTokens pageTokens, PlaybackRestrictionPolicyMapper mapper) {
        this.repository = repository;
        this.tags = tags;
        this.channels = channels;
        this.outbox = outbox;
        this.ctx = ctx;
        this.ivs = ivs;
        this.config = config;
        this.pageTokens = pageTokens;
        this.mapper = mapper;
    }

    public Uni<PlaybackRestrictionPolicy> create(CreatePlaybackRestrictionPolicyRequest r) {
        String account = ctx.requireAccountId();
        TagRules.validate(r.tags(), "tags");
        validateCountries(r.allowedCountries());
        PlaybackRestrictionPolicyEntity e = new PlaybackRestrictionPolicyEntity();
        e.arn = Arn.of(ivs.region(), account, ResourceType.PLAYBACK_RESTRICTION_POLICY, Ids.resourceId()).toString();
        e.account = account;
        e.name = r.name() == null ? "" : r.name();
        e.allowedCountries = mapper.column(r.allowedCountries() == null ? List.of() : r.allowedCountries());
        e.allowedOrigins = mapper.column(r.allowedOrigins() == null ? List.of() : r.allowedOrigins());
        e.strictOriginEnforcement = Boolean.TRUE.equals(r.enableStrictOriginEnforcement());
        e.createdAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Map<String, String> given = r.tags() == null ? Map.of() : Map.copyOf(r.tags());
        return tags.set(account, e.arn, given)
                .chain(() -> outbox.transactional(() -> repository.lockAccount(account)
                        .chain(() -> repository.countOf(account))
                        .invoke(n -> {
                            if (n >= config.maxPoliciesPerAccount()) {
                                throw new ServiceQuotaExceededException("Maximum number of playback restriction"
                                        + " policies (" + config.maxPoliciesPerAccount() + ") reached for this account.");
                            }
                        })
                        .chain(() -> repository.persist(e))
                        .map(saved -> mapper.toWire(saved, given))
                        .call(p -> event(EventTypes.PLAYBACK_RESTRICTION_POLICY_CREATED, e))
                        .call(p -> outbox.apiCall("CreatePlaybackRestrictionPolicy", r,
                                Map.of("playbackRestrictionPolicy", p), p.arn()))));
    }

    public Uni<PlaybackRestrictionPolicy> get(String arnValue) {
        String account = ctx.requireAccountId();
        String key = Arn.owned(arnValue, ResourceType.PLAYBACK_RESTRICTION_POLICY, ivs.region(), account).toString();
        return Panache.withSession(() -> repository.findOwned(key, account))
                .onItem().ifNull().failWith(ResourceNotFoundException::new)
                .chain(e -> tags.of(account, e.arn).map(t -> mapper.toWire(e, t)));
    }

    public Uni<ListPlaybackRestrictionPoliciesResponse> list(String nextToken, Integer maxResults) {
        String account = ctx.requireAccountId();
        int limit = maxResults == null ? 1 : maxResults;
        long after = SeqPages.after(pageTokens, nextToken, account, LIST_SCOPE);
        return Panache.withSession(() -> repository.page(account, after, limit + 1)).chain(rows -> {
            SeqPages.Page<PlaybackRestrictionPolicyEntity> page =
                    SeqPages.of(rows, limit, pageTokens, account, LIST_SCOPE, e -> e.seq);
            return tags.of(account, page.items().stream().map(e -> e.arn).toList()).map(t ->
                    new ListPlaybackRestrictionPoliciesResponse(page.items().stream().map(e -> {
                        PlaybackRestrictionPolicy p = mapper.toWire(e, t.getOrDefault(e.arn, Map.of()));
                        return new PlaybackRestrictionPolicySummary(p.arn(), p.allowedCountries(), p.allowedOrigins(),
                                p.enableStrictOriginEnforcement(), p.name(), p.tags());
                    }).toList(), page.nextToken()));
        });
    }

    public Uni<PlaybackRestrictionPolicy> update(UpdatePlaybackRestrictionPolicyRequest r) {
        String account = ctx.requireAccountId();
        String key = Arn.owned(r.arn(), ResourceType.PLAYBACK_RESTRICTION_POLICY, ivs.region(), account).toString();
        validateCountries(r.allowedCountries());
        return tags.of(account, key).chain(t -> outbox.transactional(() -> repository.findOwned(key, account)
                .onItem().ifNull().failWith(ResourceNotFoundException::new)
                .invoke(e -> {
                    if (r.allowedCountries() != null) {
                        e.allowedCountries = mapper.column(r.allowedCountries());
                    }
                    if (r.allowedOrigins() != null) {
                        e.allowedOrigins = mapper.column(r.allowedOrigins());
                    }
                    if (r.enableStrictOriginEnforcement() != null) {
                        e.strictOriginEnforcement = r.enableStrictOriginEnforcement();
                    }
                    if (r.name() != null) {
                        e.name = r.name();
                    }
                })
                .call(e -> event(EventTypes.PLAYBACK_RESTRICTION_POLICY_UPDATED, e))
                .map(e -> mapper.toWire(e, t))
                .call(p -> outbox.apiCall("UpdatePlaybackRestrictionPolicy", r, Map.of("playbackRestrictionPolicy", p),
                        key))));
    }

    public Uni<Void> delete(String arnValue) {
        String account = ctx.requireAccountId();
        String key = Arn.owned(arnValue, ResourceType.PLAYBACK_RESTRICTION_POLICY, ivs.region(), account).toString();
        return Panache.withSession(() -> repository.findOwned(key, account))
                .onItem().ifNull().failWith(ResourceNotFoundException::new)
                .chain(() -> channels.referencesToPlaybackRestrictionPolicy(key))
                .invoke(refs -> {
                    if (refs != null && refs.count() > 0) {
                        throw new ConflictException("The playback restriction policy is referenced by "
                                + refs.count() + " channel(s); remove it from them first.");
                    }
                })
                .chain(() -> outbox.transactional(() -> repository.findOwned(key, account)
                        .onItem().ifNull().failWith(ResourceNotFoundException::new)
                        .call(e -> repository.delete("arn", e.arn))
                        .call(e -> event(EventTypes.PLAYBACK_RESTRICTION_POLICY_DELETED, e))
                        .call(() -> outbox.apiCall("DeletePlaybackRestrictionPolicy", Map.of("arn", key), null, key))))
                .chain(() -> tags.deleteQuietly(account, key));
    }

    private Uni<Void> event(String type, PlaybackRestrictionPolicyEntity e) {
        return outbox.internal(Topics.PLAYBACK_AUTH, e.arn, AGGREGATE, e.arn, type, e.account,
                mapper.toWire(e, null));
    }

    private static void validateCountries(List<String> countries) {
        if (countries == null) {
            return;
        }
        for (String c : countries) {
            if (!COUNTRIES.contains(c)) {
                throw new ValidationException("Value '" + c + "' at 'allowedCountries' failed to satisfy constraint:"
                        + " Member must be an ISO 3166-1 alpha-2 country code in upper case");
            }
        }
    }
}
