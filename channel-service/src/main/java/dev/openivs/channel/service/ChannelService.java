package dev.openivs.channel.service;

import dev.openivs.aws.IvsConfig;
import dev.openivs.aws.errors.ConflictException;
import dev.openivs.aws.errors.ResourceNotFoundException;
import dev.openivs.aws.errors.ServiceQuotaExceededException;
import dev.openivs.aws.rest.RequestContext;
import dev.openivs.aws.support.Arn;
import dev.openivs.aws.support.BatchArns;
import dev.openivs.aws.support.Ids;
import dev.openivs.aws.support.KeysetPosition;
import dev.openivs.aws.support.PageTokens;
import dev.openivs.aws.support.ResourceType;
import dev.openivs.channel.config.ChannelConfig;
import dev.openivs.channel.mapping.ChannelMapper;
import dev.openivs.channel.model.BatchGetChannelRequest;
import dev.openivs.channel.model.BatchGetChannelResponse;
import dev.openivs.channel.model.Channel;
import dev.openivs.channel.model.ChannelArnRequest;
import dev.openivs.channel.model.CreateChannelRequest;
import dev.openivs.channel.model.CreateChannelResponse;
import dev.openivs.channel.model.GetChannelResponse;
import dev.openivs.channel.model.ListChannelsRequest;
import dev.openivs.channel.model.ListChannelsResponse;
import dev.openivs.channel.model.UpdateChannelRequest;
import dev.openivs.channel.repository.ChannelEntity;
import dev.openivs.channel.repository.ChannelRepository.Filter;
import dev.openivs.channel.repository.ChannelRepository;
import dev.openivs.events.EventTypes;
import dev.openivs.events.Topics;
import dev.openivs.events.outbox.Outbox;
import dev.openivs.internal.streamkey.StreamKeyClient;
import dev.openivs.internal.tagging.ResourceTags;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.Valid;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The six channel operations. CreateChannel is a small saga so nobody ever sees a channel without its stream key:
 * the row is inserted CREATING (invisible), the key and tags are created in their services, then the row turns ACTIVE
 * together with its events; any failure undoes what was done ({@link ChannelCompensation}).
 */
@ApplicationScoped
public class ChannelService {
    static final String CHANNEL_CREATED = EventTypes.CHANNEL_CREATED;
    static final String CHANNEL_UPDATED = EventTypes.CHANNEL_UPDATED;
    static final String CHANNEL_DELETED = EventTypes.CHANNEL_DELETED;
    private static final int DEFAULT_PAGE = 100;

    private final ChannelRepository channels;
    private final ChannelMapper mapper;
    private final ChannelNeighbours neighbours;
    private final ChannelCompensation compensation;
    private final StreamKeyClient streamKeys;
    private final ResourceTags tags;
    private final Outbox outbox;
    private final PageTokens pageTokens;
    private final RequestContext ctx;
    private final ChannelConfig config;
    private final AdConfigurationService adConfigurations;
    private final String region;

    public ChannelService(ChannelRepository channels, ChannelMapper mapper, ChannelNeighbours neighbours,
            ChannelCompensation compensation, @org.eclipse.microprofile.rest.client.inject.RestClient
            StreamKeyClient streamKeys, ResourceTags tags, Outbox outbox, PageTokens pageTokens, RequestContext ctx,
            ChannelConfig config, IvsConfig ivs, AdConfigurationService adConfigurations) {
        this.channels = channels;
        this.mapper = mapper;
        this.neighbours = neighbours;
        this.compensation = compensation;
        this.streamKeys = streamKeys;
        this.tags = tags;
        this.outbox = outbox;
        this.pageTokens = pageTokens;
        this.ctx = ctx;
        this.config = config;
        this.adConfigurations = adConfigurations;
        this.region = ivs.region();
    }

    public Uni<CreateChannelResponse> create(@Valid CreateChannelRequest request) {
        String account = ctx.requireAccountId();
        ChannelSettings settings = ChannelSettings.of(request);
        ChannelEntity e = newChannel(account);
        settings.applyToNew(e);
        Map<String, String> givenTags = request.tags() == null ? Map.of() : request.tags();
        return neighbours.checkReferences(settings, region, account)
                // both local transactions are prepared statements on the reactive pool (no Hibernate session)
                .chain(() -> channels.inPoolTransaction(conn -> channels.lockedCount(conn, account)
                        .call(() -> adConfigurations.requireReferable(conn, e.adConfigurationArn, account))
                        .chain(n -> n >= config.quota()
                                ? Uni.createFrom().failure(new ServiceQuotaExceededException())
                                : channels.insert(conn, e))))
                .chain(() -> streamKeys.create(account, new StreamKeyClient.NewStreamKey(e.arn, null))
                        .call(() -> tags.set(account, e.arn, givenTags))
                        .chain(key -> {
                            CreateChannelResponse response =
                                    new CreateChannelResponse(mapper.toChannel(e, givenTags), key);
                            return outbox.transactionalSql(conn -> channels.activate(conn, e.id).chain(active -> active
                                    ? outbox.internal(conn, Topics.CHANNEL, e.arn, "channel", e.arn, CHANNEL_CREATED,
                                            account, mapper.toEventData(e))
                                            .call(() -> outbox.apiCall(conn, "CreateChannel", request, response,
                                                    e.arn))
                                    : Uni.createFrom().failure(new IllegalStateException(
                                            "channel " + e.id + " was swept while being created"))))
                                    .replaceWith(response);
                        })
                        .onFailure().call(err -> compensation.undoCreate(e.account, e.id, e.arn)));
    }

    public Uni<GetChannelResponse> get(@Valid ChannelArnRequest request) {
        String account = ctx.requireAccountId();
        Arn arn = Arn.owned(request.arn(), ResourceType.CHANNEL, region, account);
        // the channel row and its tags are read at once (both after the request arrived: read-your-writes holds);
        // a missing channel is ResourceNotFound whatever tagging-service answered
        return Uni.combine().all().unis(channels.readActive(account, arn.id()),
                        tags.of(account, arn.toString()).map(TagsRead::of).onFailure().recoverWithItem(TagsRead::failed))
                .asTuple().chain(both -> {
                    ChannelEntity e = both.getItem1();
                    TagsRead t = both.getItem2();
                    if (e == null) {
                        return Uni.createFrom().failure(new ResourceNotFoundException());
                    }
                    return t.failure() != null ? Uni.createFrom().failure(t.failure())
                            : Uni.createFrom().item(new GetChannelResponse(mapper.toChannel(e, t.tags())));
                });
    }

    /** The outcome of a tags read made beside another read: the tags, or the failure to raise when it matters. */
    private record TagsRead(Map<String, String> tags, Throwable failure) {
        static TagsRead of(Map<String, String> tags) {
            return new TagsRead(tags, null);
        }

        static TagsRead failed(Throwable failure) {
            return new TagsRead(null, failure);
        }
    }

    public Uni<BatchGetChannelResponse> batchGet(@Valid BatchGetChannelRequest request) {
        String account = ctx.requireAccountId();
        BatchArns batch = BatchArns.of(request.arns(), ResourceType.CHANNEL, region, account);
        return Panache.withSession(() -> channels.findActive(account, batch.ids()))
                .chain(found -> tags.of(account, found.stream().map(e -> e.arn).toList()).map(t -> {
                    Map<String, ChannelEntity> byId = found.stream()
                            .collect(Collectors.toMap(e -> e.id, e -> e, (a, b) -> a, LinkedHashMap::new));
                    List<Channel> result = batch.ids().stream().filter(byId::containsKey).map(byId::get)
                            .map(e -> mapper.toChannel(e, t.get(e.arn))).toList();
                    return new BatchGetChannelResponse(result, batch.errors(byId.keySet()));
                }));
    }

    public Uni<ListChannelsResponse> list(@Valid ListChannelsRequest request) {
        String account = ctx.requireAccountId();
        Map<Filter, String> given = new LinkedHashMap<>();
        putIfSet(given, Filter.NAME, request.filterByName());
        putIfSet(given, Filter.RECORDING_CONFIGURATION, request.filterByRecordingConfigurationArn());
        putIfSet(given, Filter.PLAYBACK_RESTRICTION_POLICY, request.filterByPlaybackRestrictionPolicyArn());
        putIfSet(given, Filter.AD_CONFIGURATION, request.filterByAdConfigurationArn());
        if (given.size() > 1) {
            throw new ConflictException("Only one filterBy* member can be used at a time.");
        }
        Filter filter = given.isEmpty() ? Filter.NONE : given.keySet().iterator().next();
        String value = given.get(filter);
        String scope = "ListChannels|" + filter + "|" + (value == null ? "" : value);
        KeysetPosition after = KeysetPosition.decode(pageTokens.decode(request.nextToken(), account, scope));
        int size = request.maxResults() == null ? DEFAULT_PAGE : request.maxResults();
        return Panache.withSession(() -> channels.page(account, filter, value, after, size + 1)).chain(rows -> {
            List<ChannelEntity> page = rows.size() > size ? rows.subList(0, size) : rows;
            String next = rows.size() > size ? pageTokens.encode(account, scope,
                    new KeysetPosition(page.get(size - 1).createdAt, page.get(size - 1).id).encode()) : null;
            return tags.of(account, page.stream().map(e -> e.arn).toList()).map(t -> new ListChannelsResponse(
                    page.stream().map(e -> mapper.toSummary(e, t.get(e.arn))).toList(), next));
        });
    }

    public Uni<GetChannelResponse> update(@Valid UpdateChannelRequest request) {
        String account = ctx.requireAccountId();
        Arn arn = Arn.owned(request.arn(), ResourceType.CHANNEL, region, account);
        ChannelSettings settings = ChannelSettings.of(request);
        return Panache.withSession(() -> channels.findActive(account, arn.id()))
                .onItem().ifNull().failWith(ResourceNotFoundException::new)
                .invoke(settings::applyTo)
                .call(() -> neighbours.checkReferences(settings, region, account))
                .call(() -> refuseIfLive(request.arn(), "A live channel cannot be updated."))
                .chain(e -> tags.of(account, e.arn))
                .chain(t -> outbox.transactional(() -> channels.findActive(account, arn.id())
                        .onItem().ifNull().failWith(ResourceNotFoundException::new)
                        .call(() -> adConfigurations.requireReferable(request.adConfigurationArn(), account))
                        .chain(e -> {
                            settings.applyTo(e);
                            e.updatedAt = now();
                            GetChannelResponse response = new GetChannelResponse(mapper.toChannel(e, t));
                            return outbox.internal(Topics.CHANNEL, e.arn, "channel", e.arn, CHANNEL_UPDATED, account,
                                            mapper.toEventData(e))
                                    .call(() -> outbox.apiCall("UpdateChannel", request, response, e.arn))
                                    .replaceWith(response);
                        })));
    }

    public Uni<Void> delete(@Valid ChannelArnRequest request) {
        String account = ctx.requireAccountId();
        Arn arn = Arn.owned(request.arn(), ResourceType.CHANNEL, region, account);
        String channelArn = arn.toString();
        return Panache.withSession(() -> channels.findActive(account, arn.id()))
                .onItem().ifNull().failWith(ResourceNotFoundException::new)
                .chain(() -> refuseIfLive(channelArn, "A live channel cannot be deleted: stop the stream first."))
                .chain(() -> streamKeys.deleteAll(account, channelArn))
                .chain(() -> tags.deleteQuietly(account, channelArn))
                .chain(() -> outbox.transactional(() -> channels.findActive(account, arn.id())
                        .onItem().ifNull().failWith(ResourceNotFoundException::new)
                        .call(e -> channels.delete("id", e.id))
                        .call(e -> outbox.internal(Topics.CHANNEL, e.arn, "channel", e.arn, CHANNEL_DELETED,
                                account, mapper.toEventData(e)))
                        .call(e -> outbox.apiCall("DeleteChannel", request, null, e.arn))))
                .replaceWithVoid();
    }

    private Uni<Void> refuseIfLive(String channelArn, String message) {
        return neighbours.isLive(channelArn).chain(live -> live
                ? Uni.createFrom().failure(new ConflictException(message)) : Uni.createFrom().voidItem());
    }

    private ChannelEntity newChannel(String account) {
        ChannelEntity e = new ChannelEntity();
        e.id = Ids.resourceId();
        e.account = account;
        e.arn = Arn.of(region, account, ResourceType.CHANNEL, e.id).toString();
        e.srtPassphrase = Ids.alnum(64);
        e.state = ChannelEntity.CREATING;
        e.createdAt = now();
        e.updatedAt = e.createdAt;
        return e;
    }

    private static void putIfSet(Map<Filter, String> given, Filter filter, String value) {
        if (value != null && !value.isEmpty()) {
            given.put(filter, value);
        }
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
