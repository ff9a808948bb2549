package dev.openivs.channel.service;

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
import dev.openivs.channel.config.ChannelConfig;
import dev.openivs.channel.mapping.AdConfigurationMapper;
import dev.openivs.channel.model.AdConfiguration;
import dev.openivs.channel.model.AdConfigurationRequests;
import dev.openivs.channel.model.AdConfigurationShapes;
import dev.openivs.channel.model.AdConfigurationShapes.MediaTailorPlaybackConfiguration;
import dev.openivs.channel.model.AdConfigurationShapes.PostRollConfiguration;
import dev.openivs.channel.repository.AdConfigurationEntity;
import dev.openivs.channel.repository.AdConfigurationRepository;
import dev.openivs.channel.repository.ChannelRepository;
import dev.openivs.channel.repository.ChannelRepository.Filter;
import dev.openivs.events.EventTypes;
import dev.openivs.events.Topics;
import dev.openivs.events.outbox.Outbox;
import dev.openivs.internal.tagging.ResourceTags;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.BiFunction;
import java.util.Map;

/**
 * The five ad-configuration operations. Ad configurations live beside the channels that reference them, so the
 * reference check of Create/UpdateChannel ({@link #requireReferable}) and DeleteAdConfiguration's "still referenced"
 * check are local transactions that lock the configuration's row: a delete and a new reference never both win.
 */
@ApplicationScoped
public class AdConfigurationService {
    static final String AGGREGATE = "ad-configuration";
    private static final String LIST_SCOPE = "ListAdConfigurations";

    private final AdConfigurationRepository repository;
    private final ChannelRepository channels;
    private final ResourceTags tags;
    private final Outbox outbox;
    private final RequestContext ctx;
    private final PageTokens pageTokens;
    private final ChannelConfig config;
    private final String region;

    public AdConfigurationService(AdConfigurationRepository repository, ChannelRepository channels, ResourceTags tags,
            Outbox outbox, RequestContext ctx, PageTokens pageTokens, ChannelConfig config, IvsConfig ivs) {
        this.repository = repository;
        this.channels = channels;
        this.tags = tags;
        this.outbox = outbox;
        this.ctx = ctx;
        this.pageTokens = pageTokens;
        this.config = config;
        this.region = ivs.region();
    }

    public Uni<AdConfiguration> create(AdConfigurationRequests.Create request) {
        String account = ctx.requireAccountId();
        requireSameAccount(request.mediaTailorPlaybackConfigurations(), account);
        AdConfigurationEntity e = new AdConfigurationEntity();
        e.arn = Arn.of(region, account, ResourceType.AD_CONFIGURATION, Ids.resourceId()).toString();
        e.account = account;
        e.name = request.name() == null ? "" : request.name();
        e.playbackConfigurationArns = AdConfigurationMapper.join(request.mediaTailorPlaybackConfigurations());
        PostRollConfiguration postRoll = request.postRollConfiguration() == null
                ? AdConfigurationShapes.DEFAULT_POST_ROLL : request.postRollConfiguration();
        e.postRollEnabled = postRoll.enabled();
        e.postRollDurationSeconds = postRoll.durationSeconds();
        e.createdAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Map<String, String> given = request.tags() == null ? Map.of() : Map.copyOf(request.tags());
        return tags.set(account, e.arn, given)
                .chain(() -> outbox.transactional(() -> repository.lockAccount(account)
                        .chain(() -> repository.countOf(account))
                        .invoke(n -> {
                            if (n >= config.adConfigurationQuota()) {
                                throw new ServiceQuotaExceededException("Maximum number of ad configurations ("
                                        + config.adConfigurationQuota() + ") reached for this account.");
                            }
                        })
                        .chain(() -> repository.persist(e))
                        .map(saved -> AdConfigurationMapper.toWire(saved, given))
                        .call(ac -> outbox.internal(Topics.CHANNEL, ac.arn(), AGGREGATE, ac.arn(),
                                EventTypes.AD_CONFIGURATION_CREATED, account, ac.withTags(null)))
                        .call(ac -> outbox.apiCall("CreateAdConfiguration", request, Map.of("adConfiguration", ac),
                                ac.arn()))))
                .onFailure().call(() -> given.isEmpty() ? Uni.createFrom().voidItem()
                        : tags.deleteQuietly(account, e.arn));
    }

    public Uni<AdConfiguration> get(String arnValue) {
        String account = ctx.requireAccountId();
        String arn = owned(arnValue, account);
        return Panache.withSession(() -> repository.findOwned(arn, account))
                .onItem().ifNull().failWith(ResourceNotFoundException::new)
                .chain(e -> tags.of(account, e.arn).map(t -> AdConfigurationMapper.toWire(e, t)));
    }

    public Uni<AdConfigurationRequests.Page> list(String nextToken, Integer maxResults) {
        String account = ctx.requireAccountId();
        int limit = maxResults == null ? Math.min(100, config.adConfigurationQuota()) : maxResults;
        long after = SeqPages.after(pageTokens, nextToken, account, LIST_SCOPE);
        return Panache.withSession(() -> repository.page(account, after, limit + 1)).chain(rows -> {
            SeqPages.Page<AdConfigurationEntity> page =
                    SeqPages.of(rows, limit, pageTokens, account, LIST_SCOPE, e -> e.seq);
            return tags.of(account, page.items().stream().map(e -> e.arn).toList()).map(t -> new AdConfigurationRequests
                    .Page(page.items().stream().map(e -> AdConfigurationMapper.toWire(e, t.getOrDefault(e.arn,
                            Map.of()))).toList(), page.nextToken()));
        });
    }

    /** Omitted members keep their value; the channels referencing it are unchanged (they hold the ARN). */
    public Uni<AdConfiguration> update(AdConfigurationRequests.Update request) {
        String account = ctx.requireAccountId();
        String arn = owned(request.arn(), account);
        if (request.mediaTailorPlaybackConfigurations() != null) {
            requireSameAccount(request.mediaTailorPlaybackConfigurations(), account);
        }
        return Panache.withSession(() -> repository.findOwned(arn, account))
                .onItem().ifNull().failWith(ResourceNotFoundException::new)
                .chain(() -> tags.of(account, arn))
                .chain(t -> outbox.transactional(() -> repository.lockForUpdate(arn, account)
                        .onItem().ifNull().failWith(ResourceNotFoundException::new)
                        .map(e -> {
                            if (request.name() != null) {
                                e.name = request.name();
                            }
                            if (request.mediaTailorPlaybackConfigurations() != null) {
                                e.playbackConfigurationArns =
                                        AdConfigurationMapper.join(request.mediaTailorPlaybackConfigurations());
                            }
                            if (request.postRollConfiguration() != null) {
                                e.postRollEnabled = request.postRollConfiguration().enabled();
                                e.postRollDurationSeconds = request.postRollConfiguration().durationSeconds();
                            }
                            return AdConfigurationMapper.toWire(e, t);
                        })
                        .call(ac -> outbox.internal(Topics.CHANNEL, arn, AGGREGATE, arn,
                                EventTypes.AD_CONFIGURATION_UPDATED, account, ac.withTags(null)))
                        .call(ac -> outbox.apiCall("UpdateAdConfiguration", request, Map.of("adConfiguration", ac),
                                arn))));
    }

    /** ConflictException while a channel (any state) references it; the row lock orders it against new references. */
    public Uni<Void> delete(String arnValue) {
        String account = ctx.requireAccountId();
        String arn = owned(arnValue, account);
        return outbox.transactional(() -> repository.lockForUpdate(arn, account)
                        .onItem().ifNull().failWith(ResourceNotFoundException::new)
                        .call(e -> channels.countReferencing(account, Filter.AD_CONFIGURATION, arn).invoke(n -> {
                            if (n > 0) {
                                throw new ConflictException("The ad configuration is referenced by " + n
                                        + " channel(s); remove it from them first.");
                            }
                        }))
                        .call(e -> repository.delete(e))
                        .call(e -> outbox.internal(Topics.CHANNEL, arn, AGGREGATE, arn,
                                EventTypes.AD_CONFIGURATION_DELETED, account, AdConfigurationMapper.toWire(e, null)))
                        .call(() -> outbox.apiCall("DeleteAdConfiguration", Map.of("arn", arn), null, arn)))
                .chain(() -> tags.deleteQuietly(account, arn));
    }

    /**
     * For CreateChannel and UpdateChannel, inside their transaction: the configuration exists in the caller's account
     * (ResourceNotFoundException otherwise), and stays until the transaction ends.
     */
    public Uni<Void> requireReferable(String arn, String account) {
        return requireReferable(arn, account, repository::lockShared);
    }

    /** {@link #requireReferable(String, String)} in the connection's transaction (CreateChannel's hot path). */
    public Uni<Void> requireReferable(SqlConnection conn, String arn, String account) {
        return requireReferable(arn, account, (a, acc) -> repository.lockShared(conn, a, acc));
    }

    private Uni<Void> requireReferable(String arn, String account, BiFunction<String, String, Uni<Boolean>> lock) {
        if (arn == null || arn.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        boolean owned = Arn.parse(arn).map(a -> a.ownedBy(region, account)).orElse(false);
        Uni<Boolean> exists = owned ? lock.apply(arn, account) : Uni.createFrom().item(false);
        return exists.chain(found -> found ? Uni.createFrom().voidItem() : Uni.createFrom().failure(
                new ResourceNotFoundException("Ad configuration " + arn + " does not exist.")));
    }

    /** An ad configuration of the caller's account exists (tagging-service asks through /internal/resources). */
    public Uni<String> exists(Arn arn, String account) {
        return Panache.withSession(() -> repository.findOwned(arn.toString(), account))
                .onItem().ifNull().failWith(ResourceNotFoundException::new).map(e -> e.arn);
    }

    private String owned(String arnValue, String account) {
        return Arn.owned(arnValue, ResourceType.AD_CONFIGURATION, region, account).toString();
    }

    /** The MediaTailor playback configurations must be in the caller's account and region (model documentation). */
    private void requireSameAccount(List<MediaTailorPlaybackConfiguration> configurations, String account) {
        for (int i = 0; i < configurations.size(); i++) {
            String arn = configurations.get(i).playbackConfigurationArn();
            String[] parts = arn.split(":", 6);
            if (!parts[3].equals(region) || !parts[4].equals(account)) {
                throw new ValidationException("1 validation error detected: Value at 'mediaTailorPlaybackConfigurations."
                        + (i + 1) + ".member.playbackConfigurationArn' failed to satisfy constraint: The MediaTailor "
                        + "playback configuration must be in the same account and region as the ad configuration");
            }
        }
    }
}
