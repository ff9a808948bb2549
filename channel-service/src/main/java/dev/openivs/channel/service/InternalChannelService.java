package dev.openivs.channel.service;

import dev.openivs.aws.IvsConfig;
import dev.openivs.aws.errors.ResourceNotFoundException;
import dev.openivs.aws.errors.ValidationException;
import dev.openivs.aws.rest.RequestContext;
import dev.openivs.aws.support.Arn;
import dev.openivs.aws.support.ResourceType;
import dev.openivs.channel.mapping.ChannelMapper;
import dev.openivs.channel.model.Channel;
import dev.openivs.channel.repository.ChannelEntity;
import dev.openivs.channel.repository.ChannelRepository.Filter;
import dev.openivs.channel.repository.ChannelRepository;
import dev.openivs.internal.ResourceRef;
import dev.openivs.internal.channel.ChannelReferencesClient.ReferenceCount;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** What other services ask channel-service: existence, the channel for ingest, references to configurations. */
@ApplicationScoped
public class InternalChannelService {
    private final ChannelRepository channels;
    private final ChannelMapper mapper;
    private final AdConfigurationService adConfigurations;
    private final RequestContext ctx;
    private final String region;

    public InternalChannelService(ChannelRepository channels, ChannelMapper mapper,
            AdConfigurationService adConfigurations, RequestContext ctx, IvsConfig ivs) {
        this.channels = channels;
        this.mapper = mapper;
        this.adConfigurations = adConfigurations;
        this.ctx = ctx;
        this.region = ivs.region();
    }

    /**
     * The channel or ad configuration exists in the caller's account (any other ARN, or a malformed one, is simply
     * not found).
     */
    public Uni<ResourceRef> exists(String value) {
        String account = ctx.requireAccountId();
        Arn arn = Arn.parse(value).filter(a -> a.ownedBy(region, account))
                .filter(a -> a.type() == ResourceType.CHANNEL || a.type() == ResourceType.AD_CONFIGURATION)
                .orElseThrow(ResourceNotFoundException::new);
        if (arn.type() == ResourceType.AD_CONFIGURATION) {
            return adConfigurations.exists(arn, account).map(ResourceRef::new);
        }
        return find(arn).map(e -> new ResourceRef(e.arn));
    }

    /**
     * The channel by ARN, without tags. Ingest asks without an account (the ARN names it); with an account header,
     * another account's channel is not found.
     */
    public Uni<Channel> channel(String value) {
        Arn arn = Arn.parse(value).filter(a -> a.type() == ResourceType.CHANNEL)
                .filter(a -> a.region().equals(region))
                .filter(a -> ctx.accountId() == null || a.account().equals(ctx.accountId()))
                .orElseThrow(ResourceNotFoundException::new);
        return find(arn).map(e -> mapper.toChannel(e, null));
    }

    public Uni<ReferenceCount> references(String recordingConfigurationArn, String playbackRestrictionPolicyArn) {
        String account = ctx.requireAccountId();
        boolean recording = recordingConfigurationArn != null && !recordingConfigurationArn.isEmpty();
        boolean policy = playbackRestrictionPolicyArn != null && !playbackRestrictionPolicyArn.isEmpty();
        if (recording == policy) {
            throw new ValidationException(
                    "Give exactly one of recordingConfigurationArn and playbackRestrictionPolicyArn.");
        }
        Filter filter = recording ? Filter.RECORDING_CONFIGURATION : Filter.PLAYBACK_RESTRICTION_POLICY;
        String arn = recording ? recordingConfigurationArn : playbackRestrictionPolicyArn;
        return Panache.withSession(() -> channels.countReferencing(account, filter, arn)).map(ReferenceCount::new);
    }

    private Uni<ChannelEntity> find(Arn arn) {
        return Panache.withSession(() -> channels.findActive(arn.account(), arn.id()))
                .onItem().ifNull().failWith(ResourceNotFoundException::new);
    }
}
