package dev.openivs.playbackauth.service;

import dev.openivs.aws.IvsConfig;
import dev.openivs.aws.errors.ConflictException;
import dev.openivs.aws.errors.ResourceNotFoundException;
import dev.openivs.aws.errors.ServiceQuotaExceededException;
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
import dev.openivs.internal.tagging.ResourceTags;
import dev.openivs.playbackauth.config.PlaybackAuthConfig;
import dev.openivs.playbackauth.mapping.PlaybackKeyPairMapper;
import dev.openivs.playbackauth.model.ImportPlaybackKeyPairRequest;
import dev.openivs.playbackauth.model.ListPlaybackKeyPairsResponse;
import dev.openivs.playbackauth.model.PlaybackKeyPair;
import dev.openivs.playbackauth.model.PlaybackKeyPairSummary;
import dev.openivs.playbackauth.repository.PlaybackKeyPairEntity;
import dev.openivs.playbackauth.repository.PlaybackKeyPairRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/** Imported playback key pairs: at most 3 per account, one import per public key. */
@ApplicationScoped
public class PlaybackKeyPairService {
    static final String AGGREGATE = "playback-key";
    private static final String LIST_SCOPE = "ListPlaybackKeyPairs";

    private final PlaybackKeyPairRepository repository;
    private final ResourceTags tags;
    private final Outbox outbox;
    private final RequestContext ctx;
    private final IvsConfig ivs;
    private final PlaybackAuthConfig config;
    private final PageTokens pageTokens;

    public PlaybackKeyPairService(PlaybackKeyPairRepository repository, ResourceTags tags, Outbox outbox,
            RequestContext ctx, IvsConfig ivs, PlaybackAuthConfig config, PageTokens pageTokens) {
        this.repository = repository;
        this.tags = tags;
        this.outbox = outbox;
        this.ctx = ctx;
        this.ivs = ivs;
        this.config = config;
        this.pageTokens = pageTokens;
    }

    public Uni<PlaybackKeyPair> importKeyPair(ImportPlaybackKeyPairRequest request) {
        String account = ctx.requireAccountId();
        TagRules.validate(request.tags(), "tags");
        ECPublicKey key = PlaybackPublicKeys.parsePem(request.publicKeyMaterial());
        PlaybackKeyPairEntity e = new PlaybackKeyPairEntity();
        e.arn = Arn.of(ivs.region(), account, ResourceType.PLAYBACK_KEY, Ids.resourceId()).toString();
        e.account = account;
        e.name = request.name() == null ? "" : request.name();
        e.fingerprint = PlaybackPublicKeys.fingerprint(key);
        e.publicKey = key.getEncoded();
        e.createdAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Map<String, String> given = request.tags() == null ? Map.of() : Map.copyOf(request.tags());
        return checkImportable(account, e.fingerprint, false)
                .chain(() -> tags.set(account, e.arn, given))
                .chain(() -> outbox.transactional(() -> repository.lockAccount(account)
                        .chain(() -> checkImportable(account, e.fingerprint, true))
                        .chain(() -> repository.persist(e))
                        .map(saved -> PlaybackKeyPairMapper.toWire(saved, given))
                        .call(kp -> outbox.internal(Topics.PLAYBACK_AUTH, kp.arn(), AGGREGATE, kp.arn(),
                                EventTypes.PLAYBACK_KEY_PAIR_IMPORTED, account, PlaybackKeyPairMapper.toWire(e, null)))
                        .call(kp -> outbox.apiCall("ImportPlaybackKeyPair", request, Map.of("keyPair", kp),
                                kp.arn()))));
    }

    /** Same key already imported → 409; quota reached → 402 (inside the import transaction when locked). */
    private Uni<Void> checkImportable(String account, String fingerprint, boolean inTransaction) {
        java.util.function.Supplier<Uni<Void>> check = () -> repository.findByFingerprint(account, fingerprint)
                .invoke(existing -> {
                    if (existing != null) {
                        throw new ConflictException("This public key is already imported as " + existing.arn + ".");
                    }
                })
                .chain(() -> repository.countOf(account))
                .invoke(n -> {
                    if (n >= config.maxKeyPairsPerAccount()) {
                        throw new ServiceQuotaExceededException("Maximum number of playback key pairs ("
                                + config.maxKeyPairsPerAccount() + ") reached for this account.");
                    }
                })
                .replaceWithVoid();
        return inTransaction ? check.get() : Panache.withSession(check);
    }

    public Uni<PlaybackKeyPair> get(String arnValue) {
        String account = ctx.requireAccountId();
        Arn arn = Arn.owned(arnValue, ResourceType.PLAYBACK_KEY, ivs.region(), account);
        return Panache.withSession(() -> repository.findOwned(arn.toString(), account))
                .onItem().ifNull().failWith(ResourceNotFoundException::new)
                .chain(e -> tags.of(account, e.arn).map(t -> PlaybackKeyPairMapper.toWire(e, t)));
    }

    public Uni<ListPlaybackKeyPairsResponse> list(String nextToken, Integer maxResults) {
        String account = ctx.requireAccountId();
        int limit = maxResults == null ? Math.min(config.maxKeyPairsPerAccount(), 100) : maxResults;
        long after = SeqPages.after(pageTokens, nextToken, account, LIST_SCOPE);
        return Panache.withSession(() -> repository.page(account, after, limit + 1)).chain(rows -> {
            SeqPages.Page<PlaybackKeyPairEntity> page = SeqPages.of(rows, limit, pageTokens, account, LIST_SCOPE, e -> e.seq);
            return tags.of(account, page.items().stream().map(e -> e.arn).toList()).map(t ->
                    new ListPlaybackKeyPairsResponse(page.items().stream().map(e ->
                            new PlaybackKeyPairSummary(e.arn, e.name, t.getOrDefault(e.arn, Map.of()))).toList(),
                            page.nextToken()));
        });
    }

    public Uni<Void> delete(String arnValue) {
        String account = ctx.requireAccountId();
        String key = Arn.owned(arnValue, ResourceType.PLAYBACK_KEY, ivs.region(), account).toString();
        return outbox.transactional(() -> repository.findOwned(key, account)
                        .onItem().ifNull().failWith(ResourceNotFoundException::new)
                        .call(e -> repository.delete("arn", e.arn))
                        .call(e -> outbox.internal(Topics.PLAYBACK_AUTH, key, AGGREGATE, key,
                                EventTypes.PLAYBACK_KEY_PAIR_DELETED, account, PlaybackKeyPairMapper.toWire(e, null)))
                        .call(() -> outbox.apiCall("DeletePlaybackKeyPair", Map.of("arn", key), null, key)))
                .chain(() -> tags.deleteQuietly(account, key));
    }

    /** Internal: does the key pair exist in the given account. */
    /** The public keys that may sign playback tokens for the account's channels. */
    public Uni<List<PublicKey>> keysOf(String account) {
        return Panache.withSession(() -> repository.ofAccount(account))
                .map(rows -> rows.stream().<PublicKey>map(e -> PlaybackPublicKeys.fromDer(e.publicKey)).toList());
    }
}
