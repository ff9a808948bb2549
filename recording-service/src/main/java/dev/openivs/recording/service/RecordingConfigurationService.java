package dev.openivs.recording.service;

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
import dev.openivs.recording.config.RecordingConfig;
import dev.openivs.recording.mapping.RecordingConfigurationMapper;
import dev.openivs.recording.model.CreateRecordingConfigurationRequest;
import dev.openivs.recording.model.ListRecordingConfigurationsResponse;
import dev.openivs.recording.model.RecordingConfiguration;
import dev.openivs.recording.model.RecordingConfigurationSummary;
import dev.openivs.recording.model.RenditionConfiguration;
import dev.openivs.recording.model.ThumbnailConfiguration;
import dev.openivs.recording.repository.RecordingConfigurationEntity;
import dev.openivs.recording.repository.RecordingConfigurationRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * Recording configurations. State: a new configuration is CREATING until {@link BucketVerifier} found its bucket
 * writable in the S3-compatible store (then ACTIVE, else CREATE_FAILED); with {@code ivs.recording.verify-bucket=false}
 * it is ACTIVE at once. Deletion asks channel-service synchronously whether any channel still references it.
 */
@ApplicationScoped
public class RecordingConfigurationService {
    static final String CREATED = EventTypes.RECORDING_CONFIGURATION_CREATED;
    static final String DELETED = EventTypes.RECORDING_CONFIGURATION_DELETED;
    static final String AGGREGATE = "recording-configuration";
    private static final String LIST_SCOPE = "ListRecordingConfigurations";

    private final RecordingConfigurationRepository repository;
    private final ResourceTags tags;
    private final ChannelReferencesClient channels;
    private final Outbox outbox;
    private final RequestContext ctx;
    private final IvsConfig ivs;
    private final RecordingConfig config;
    private final PageTokens pageTokens;
    private final BucketVerifier verifier;

    public RecordingConfigurationService(RecordingConfigurationRepository repository, ResourceTags tags,
            @RestClient ChannelReferencesClient channels, Outbox outbox, RequestContext ctx, IvsConfig ivs,
            RecordingConfig config, PageTokens pageTokens, BucketVerifier verifier) {
        this.repository = repository;
        this.tags = tags;
        this.channels = channels;
        this.outbox = outbox;
        this.ctx = ctx;
        this.ivs = ivs;
        this.config = config;
        this.pageTokens = pageTokens;
        this.verifier = verifier;
    }

    public Uni<RecordingConfiguration> create(CreateRecordingConfigurationRequest request) {
        String account = ctx.requireAccountId();
        TagRules.validate(request.tags(), "tags");
        RenditionConfiguration rendition = request.renditionConfiguration();
        if (rendition != null && "CUSTOM".equals(rendition.renditionSelection())
                && (rendition.renditions() == null || rendition.renditions().isEmpty())) {
            throw new ValidationException("renditionConfiguration.renditions must not be empty when"
                    + " renditionSelection is CUSTOM.");
        }
        RecordingConfigurationEntity e = newEntity(request, account);
        Map<String, String> given = request.tags() == null ? Map.of() : Map.copyOf(request.tags());
        return tags.set(account, e.arn, given)
                .chain(() -> outbox.transactional(() -> repository.lockAccount(account)
                        .chain(() -> repository.countOf(account))
                        .invoke(n -> {
                            if (n >= config.maxConfigurationsPerAccount()) {
                                throw new ServiceQuotaExceededException("Maximum number of recording configurations ("
                                        + config.maxConfigurationsPerAccount() + ") reached for this account.");
                            }
                        })
                        .chain(() -> repository.persist(e))
                        .map(saved -> RecordingConfigurationMapper.toWire(saved, given))
                        .call(rc -> outbox.internal(Topics.RECORDING, rc.arn(), AGGREGATE, rc.arn(), CREATED, account,
                                rc.withTags(null)))
                        .call(rc -> outbox.apiCall("CreateRecordingConfiguration", request,
                                Map.of("recordingConfiguration", rc), rc.arn()))))
                .invoke(rc -> {
                    if ("CREATING".equals(e.state)) {
                        verifier.verifyLater(e.arn, e.bucketName);
                    }
                });
    }

    public Uni<RecordingConfiguration> get(String arnValue) {
        String account = ctx.requireAccountId();
        Arn arn = Arn.owned(arnValue, ResourceType.RECORDING_CONFIGURATION, ivs.region(), account);
        return Panache.withSession(() -> repository.findOwned(arn.toString(), account))
                .onItem().ifNull().failWith(ResourceNotFoundException::new)
                .chain(e -> tags.of(account, e.arn).map(t -> RecordingConfigurationMapper.toWire(e, t)));
    }

    public Uni<ListRecordingConfigurationsResponse> list(String nextToken, Integer maxResults) {
        String account = ctx.requireAccountId();
        int limit = maxResults == null ? 100 : maxResults;
        long after = SeqPages.after(pageTokens, nextToken, account, LIST_SCOPE);
        return Panache.withSession(() -> repository.page(account, after, limit + 1)).chain(rows -> {
            SeqPages.Page<RecordingConfigurationEntity> page =
                    SeqPages.of(rows, limit, pageTokens, account, LIST_SCOPE, e -> e.seq);
            return tags.of(account, page.items().stream().map(e -> e.arn).toList()).map(t -> {
                List<RecordingConfigurationSummary> items = page.items().stream()
                        .map(e -> RecordingConfigurationMapper.toSummary(e, t.getOrDefault(e.arn, Map.of())))
                        .toList();
                return new ListRecordingConfigurationsResponse(items, page.nextToken());
            });
        });
    }

    public Uni<Void> delete(String arnValue) {
        String account = ctx.requireAccountId();
        Arn arn = Arn.owned(arnValue, ResourceType.RECORDING_CONFIGURATION, ivs.region(), account);
        String key = arn.toString();
        return Panache.withSession(() -> repository.findOwned(key, account))
                .onItem().ifNull().failWith(ResourceNotFoundException::new)
                .chain(() -> channels.referencesToRecordingConfiguration(key))
                .invoke(refs -> {
                    if (refs != null && refs.count() > 0) {
                        throw new ConflictException("The recording configuration is referenced by " + refs.count()
                                + " channel(s); remove it from them first.");
                    }
                })
                .chain(() -> outbox.transactional(() -> repository.findOwned(key, account)
                        .onItem().ifNull().failWith(ResourceNotFoundException::new)
                        .chain(e -> repository.delete("arn", e.arn).replaceWith(e))
                        .call(e -> outbox.internal(Topics.RECORDING, key, AGGREGATE, key, DELETED, account,
                                RecordingConfigurationMapper.toWire(e, null)))
                        .call(() -> outbox.apiCall("DeleteRecordingConfiguration", Map.of("arn", key), null, key))))
                .chain(() -> tags.deleteQuietly(account, key));
    }

    private RecordingConfigurationEntity newEntity(CreateRecordingConfigurationRequest r, String account) {
        RecordingConfigurationEntity e = new RecordingConfigurationEntity();
        e.arn = Arn.of(ivs.region(), account, ResourceType.RECORDING_CONFIGURATION, Ids.resourceId()).toString();
        e.account = account;
        e.name = r.name() == null ? "" : r.name();
        e.bucketName = r.destinationConfiguration().s3().bucketName();
        e.state = config.verifyBucket() ? "CREATING" : "ACTIVE";
        ThumbnailConfiguration t = r.thumbnailConfiguration();
        e.thumbnailRecordingMode = t == null || t.recordingMode() == null ? "INTERVAL" : t.recordingMode();
        e.thumbnailIntervalSeconds = t == null || t.targetIntervalSeconds() == null ? 60 : t.targetIntervalSeconds();
        e.thumbnailResolution = t == null ? null : t.resolution();
        e.thumbnailStorage = t == null || t.storage() == null || t.storage().isEmpty() ? "SEQUENTIAL"
                : RecordingConfigurationMapper.join(t.storage().stream().distinct().toList());
        RenditionConfiguration rc = r.renditionConfiguration();
        e.renditionSelection = rc == null || rc.renditionSelection() == null ? "ALL" : rc.renditionSelection();
        e.renditions = "CUSTOM".equals(e.renditionSelection)
                ? RecordingConfigurationMapper.join(rc.renditions().stream().distinct().toList()) : "";
        e.reconnectWindowSeconds = r.recordingReconnectWindowSeconds() == null ? 0 : r.recordingReconnectWindowSeconds();
        e.createdAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        return e;
    }
}
