package dev.openivs.recording.service;

import dev.openivs.aws.IvsConfig;
import dev.openivs.aws.rest.RequestContext;
import dev.openivs.aws.support.Arn;
import dev.openivs.aws.support.ResourceType;
import dev.openivs.internal.ResourceRef;
import dev.openivs.internal.tagging.ResourceTags;
import dev.openivs.recording.mapping.RecordingConfigurationMapper;
import dev.openivs.recording.model.RecordingConfiguration;
import dev.openivs.recording.repository.RecordingConfigurationEntity;
import dev.openivs.recording.repository.RecordingConfigurationRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The internal operations (docs/internal-api.md): does a configuration exist, and the full configuration for
 * channel- and stream-service, in the caller's account when one is named (ingest names the channel's).
 */
@ApplicationScoped
public class InternalRecordingService {
    private final RecordingConfigurationRepository repository;
    private final ResourceTags tags;
    private final RequestContext ctx;
    private final IvsConfig ivs;

    public InternalRecordingService(RecordingConfigurationRepository repository, ResourceTags tags,
            RequestContext ctx, IvsConfig ivs) {
        this.repository = repository;
        this.tags = tags;
        this.ctx = ctx;
        this.ivs = ivs;
    }

    public Uni<ResourceRef> exists(String arn) {
        return find(arn).map(e -> new ResourceRef(e.arn));
    }

    public Uni<RecordingConfiguration> get(String arn) {
        return find(arn).chain(e -> tags.of(e.account, e.arn).map(t -> RecordingConfigurationMapper.toWire(e, t)));
    }

    private Uni<RecordingConfigurationEntity> find(String arnValue) {
        Arn arn = Arn.parse(arnValue, ResourceType.RECORDING_CONFIGURATION);
        return repository.findInternal(arn, ivs.region(), ctx.accountId());
    }
}
