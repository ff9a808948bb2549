package dev.openivs.streamkey.service;

import dev.openivs.aws.IvsConfig;
import dev.openivs.aws.errors.ResourceNotFoundException;
import dev.openivs.aws.errors.ServiceQuotaExceededException;
import dev.openivs.aws.rest.RequestContext;
import dev.openivs.aws.support.Arn;
import dev.openivs.aws.support.BatchArns;
import dev.openivs.aws.support.KeysetPosition;
import dev.openivs.aws.support.PageTokens;
import dev.openivs.aws.support.ResourceType;
import dev.openivs.events.outbox.Outbox;
import dev.openivs.internal.channel.ChannelClient;
import dev.openivs.internal.streamkey.StreamKey;
import dev.openivs.internal.tagging.ResourceTags;
import dev.openivs.streamkey.mapping.StreamKeyMapper;
import dev.openivs.streamkey.model.BatchGetStreamKeyRequest;
import dev.openivs.streamkey.model.BatchGetStreamKeyResponse;
import dev.openivs.streamkey.model.CreateStreamKeyRequest;
import dev.openivs.streamkey.model.ListStreamKeysRequest;
import dev.openivs.streamkey.model.ListStreamKeysResponse;
import dev.openivs.streamkey.model.StreamKeyArnRequest;
import dev.openivs.streamkey.model.StreamKeyResponse;
import dev.openivs.streamkey.repository.StreamKeyEntity;
import dev.openivs.streamkey.repository.StreamKeyRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.Valid;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/** The five public stream key operations. At most one key per channel (ServiceQuotaExceededException). */
@ApplicationScoped
public class StreamKeyService {
    static final int KEYS_PER_CHANNEL = 1;
    private static final int DEFAULT_PAGE = 1;

    private final StreamKeyRepository keys;
    private final StreamKeyStore store;
    private final ChannelClient channels;
    private final ResourceTags tags;
    private final Outbox outbox;
    private final PageTokens pageTokens;
    private final RequestContext ctx;
    private final String region;

    public StreamKeyService(StreamKeyRepository keys, StreamKeyStore store, @RestClient ChannelClient channels,
            ResourceTags tags, Outbox outbox, PageTokens pageTokens, RequestContext ctx, IvsConfig ivs) {
        this.keys = keys;
        this.store = store;
        this.channels = channels;
        this.tags = tags;
        this.outbox = outbox;
        this.pageTokens = pageTokens;
        this.ctx = ctx;
        this.region = ivs.region();
    }

    public Uni<StreamKeyResponse> create(@Valid CreateStreamKeyRequest request) {
        String account = ctx.requireAccountId();
        Arn channel = Arn.owned(request.channelArn(), ResourceType.CHANNEL, region, account);
        Map<String, String> givenTags = request.tags() == null ? Map.of() : request.tags();
        StreamKeyEntity e = store.newKey(channel);
        StreamKeyResponse response = new StreamKeyResponse(StreamKeyMapper.toStreamKey(e, givenTags));
        return channels.exists(request.channelArn())
                .chain(() -> Panache.withSession(() -> keys.count("channelArn", e.channelArn)))
                .invoke(StreamKeyService::refuseSecondKey)
                .chain(() -> tags.set(account, e.arn, givenTags))
                .chain(() -> outbox.transactional(() -> keys.lockChannel(e.channelArn)
                                .chain(() -> keys.count("channelArn", e.channelArn))
                                .invoke(StreamKeyService::refuseSecondKey)
                                .chain(() -> store.insert(e))
                                .call(() -> outbox.apiCall("CreateStreamKey", request, response, e.arn)))
                        .onFailure().call(() -> givenTags.isEmpty() ? Uni.createFrom().voidItem()
                                : tags.deleteQuietly(account, e.arn)))
                .replaceWith(response);
    }

    public Uni<StreamKeyResponse> get(@Valid StreamKeyArnRequest request) {
        String account = ctx.requireAccountId();
        Arn arn = Arn.owned(request.arn(), ResourceType.STREAM_KEY, region, account);
        return Panache.withSession(() -> keys.findOwned(account, arn.id()))
                .onItem().ifNull().failWith(ResourceNotFoundException::new)
                .chain(e -> tags.of(account, e.arn).map(t -> new StreamKeyResponse(StreamKeyMapper.toStreamKey(e, t))));
    }

    public Uni<BatchGetStreamKeyResponse> batchGet(@Valid BatchGetStreamKeyRequest request) {
        String account = ctx.requireAccountId();
        BatchArns batch = BatchArns.of(request.arns(), ResourceType.STREAM_KEY, region, account);
        return Panache.withSession(() -> keys.findOwned(account, batch.ids())).chain(found -> {
            Map<String, StreamKeyEntity> byId = found.stream().collect(Collectors.toMap(e -> e.id, Function.identity()));
            List<StreamKeyEntity> ordered = batch.ids().stream().filter(byId::containsKey).map(byId::get).toList();
            return tags.of(account, ordered.stream().map(e -> e.arn).toList()).map(t -> {
                List<StreamKey> result = ordered.stream().map(e -> StreamKeyMapper.toStreamKey(e, t.get(e.arn))).toList();
                return new BatchGetStreamKeyResponse(result, batch.errors(byId.keySet()));
            });
        });
    }

    public Uni<ListStreamKeysResponse> list(@Valid ListStreamKeysRequest request) {
        String account = ctx.requireAccountId();
        Arn channel = Arn.owned(request.channelArn(), ResourceType.CHANNEL, region, account);
        String scope = "ListStreamKeys|" + channel;
        KeysetPosition after = KeysetPosition.decode(pageTokens.decode(request.nextToken(), account, scope));
        int size = request.maxResults() == null ? DEFAULT_PAGE : request.maxResults();
        return channels.exists(request.channelArn())
                .chain(() -> Panache.withSession(() -> keys.page(channel.toString(), after, size + 1)))
                .chain(rows -> {
                    List<StreamKeyEntity> page = rows.size() > size ? rows.subList(0, size) : rows;
                    String next = rows.size() > size ? pageTokens.encode(account, scope,
                            new KeysetPosition(page.get(size - 1).createdAt, page.get(size - 1).id).encode()) : null;
                    return tags.of(account, page.stream().map(e -> e.arn).toList()).map(t -> new ListStreamKeysResponse(
                            page.stream().map(e -> StreamKeyMapper.toSummary(e, t.get(e.arn))).toList(), next));
                });
    }

    public Uni<Void> delete(@Valid StreamKeyArnRequest request) {
        String account = ctx.requireAccountId();
        Arn arn = Arn.owned(request.arn(), ResourceType.STREAM_KEY, region, account);
        return outbox.transactional(() -> keys.findOwned(account, arn.id())
                        .onItem().ifNull().failWith(ResourceNotFoundException::new)
                        .chain(store::delete)
                        .call(e -> outbox.apiCall("DeleteStreamKey", request, null, e.arn)))
                .chain(e -> tags.deleteQuietly(account, e.arn));
    }

    private static void refuseSecondKey(long existing) {
        if (existing >= KEYS_PER_CHANNEL) {
            throw new ServiceQuotaExceededException(
                    "Request would cause a service quota to be exceeded: a channel can have only one stream key.");
        }
    }
}
