package dev.openivs.stream.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.openivs.stream.config.StreamConfig;
import dev.openivs.stream.live.ClientConfigurations;
import dev.openivs.stream.media.StreamDescriptor;
import dev.openivs.stream.transcode.Ladder;
import dev.openivs.stream.transcode.Rendition;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * IVS's broadcast-software configuration endpoint (MEDIA-PLANE.md §2.3), {@code POST /api/v3/GetClientConfiguration}
 * on this service's HTTP port, a Vert.x route ahead of the REST layer (whose filter admits only the gateway): no AWS
 * signing, the stream key in {@code authentication} is the credential. The
 * answer's video tracks come from {@link Ladder#multitrack}; the track count is remembered per channel
 * ({@link ClientConfigurations}) for the ingest check. Errors: 400 (malformed request), 403 (key), 409 (channel
 * without multitrack), 405 (not POST), 413 (body above 64 KiB), 503 (a neighbour down), each a JSON body with
 * {@code status.result: "error"}.
 */
@ApplicationScoped
public class ClientConfigurationEndpoint {
    public static final String PATH = "/api/v3/GetClientConfiguration";
    private static final int MAX_BODY = 64 * 1024;
    /** The request schemas accepted: the documented one and the one OBS and AWS's C++ sample send. */
    static final Set<String> SCHEMAS = Set.of("2024-06-04", "2025-01-25");
    private static final int DEFAULT_CANVAS_WIDTH = 1920;
    private static final int DEFAULT_CANVAS_HEIGHT = 1080;
    private static final int MAX_CANVAS = 8192;
    /** GCC's H.264 encoder type (MEDIA-PLANE §2.3; OBS maps it to its NVENC H.264 encoder). */
    static final String ENCODER_TYPE = "jim_nvenc";
    private static final int AUDIO_KBPS = 160;
    private static final int KEYINT_SEC = 2;

    private final PublishAuthorizer authorizer;
    private final ClientConfigurations issued;
    private final StreamConfig config;
    private final ObjectMapper mapper;

    public ClientConfigurationEndpoint(PublishAuthorizer authorizer, ClientConfigurations issued, StreamConfig config,
            ObjectMapper mapper) {
        this.authorizer = authorizer;
        this.issued = issued;
        this.config = config;
        this.mapper = mapper;
    }

    /** A refused request: its HTTP status and the message OBS shows. */
    static final class Refused extends RuntimeException {
        final int status;

        Refused(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }

    /** The client's preferences, both schemas read into one shape. */
    record Preferences(int canvasWidth, int canvasHeight, long fpsNum, long fpsDen, int maxTracks, int maxKbps,
            int maxLines) {
    }

    void route(@Observes Router router) {
        router.post(PATH).handler(BodyHandler.create().setBodyLimit(MAX_BODY)).handler(this::handle)
                .failureHandler(ctx -> reply(ctx, new Reply(ctx.statusCode() == 413 ? 413 : 400,
                        error(ctx.statusCode() == 413 ? "The request body is above 64 KiB." : "Bad request."))));
        router.route(PATH).handler(ctx -> {
            if (ctx.request().method() != HttpMethod.POST) {
                ctx.response().putHeader("Allow", "POST");
                reply(ctx, new Reply(405, error("Use POST.")));
            } else {
                ctx.next();
            }
        });
    }

    /** An answer: HTTP status and JSON body. */
    record Reply(int status, ObjectNode body) {
    }

    private void handle(RoutingContext ctx) {
        answer(ctx.body().asString()).subscribe().with(r -> reply(ctx, r),
                t -> reply(ctx, new Reply(503, error("The service is unavailable, try again."))));
    }

    private static void reply(RoutingContext ctx, Reply r) {
        if (!ctx.response().ended()) {
            ctx.response().setStatusCode(r.status()).putHeader("Content-Type", "application/json")
                    .end(r.body().toString());
        }
    }

    /** The answer to a request body. */
    Uni<Reply> answer(String body) {
        JsonNode request;
        Preferences prefs;
        try {
            request = parse(body);
            prefs = preferences(request);
        } catch (Refused r) {
            return Uni.createFrom().item(error(r));
        }
        String key = request.get("authentication").asText();
        return authorizer.channelOf(key)
                .map(keyed -> answer(request, prefs, key, keyed.key().channelArn(), keyed.channel()))
                .onFailure().recoverWithItem(t -> error(t instanceof PublishRefused p
                        ? new Refused(PublishRefused.BAD_NAME.equals(p.code()) ? 403 : 503,
                                PublishRefused.BAD_NAME.equals(p.code())
                                        ? "Invalid stream key (InvalidGetClientConfigurationStreamKey)."
                                        : "The service is unavailable, try again.")
                        : t instanceof Refused r ? r : new Refused(503, "The service is unavailable, try again.")));
    }

    private JsonNode parse(String body) {
        JsonNode request;
        try {
            request = body == null || body.isBlank() ? null : mapper.readTree(body);
        } catch (JsonProcessingException e) {
            throw new Refused(400, "The request body is not valid JSON.");
        }
        if (request == null || !request.isObject()) {
            throw new Refused(400, "The request body must be a JSON object.");
        }
        JsonNode schema = request.get("schema_version");
        if (schema == null || !schema.isTextual() || !SCHEMAS.contains(schema.asText())) {
            throw new Refused(400, "schema_version must be one of " + SCHEMAS.stream().sorted().toList() + ".");
        }
        JsonNode service = request.get("service");
        if (service == null || !"IVS".equals(service.asText())) {
            throw new Refused(400, "service must be \"IVS\".");
        }
        JsonNode key = request.get("authentication");
        if (key == null || !key.isTextual() || key.asText().isBlank()) {
            throw new Refused(400, "authentication (the stream key) is required "
                    + "(GetClientConfigurationStreamKeyRequired).");
        }
        if (!request.path("client").isObject()) {
            throw new Refused(400, "client {name, version, supported_codecs} is required.");
        }
        return request;
    }

    /** {@code preferences} of schema 2024-06-04, or of 2025-01-25 ({@code canvases[0]}); defaults when absent. */
    static Preferences preferences(JsonNode request) {
        JsonNode p = request.path("preferences");
        if (!p.isMissingNode() && !p.isObject()) {
            throw new Refused(400, "preferences must be an object.");
        }
        JsonNode canvas = p;
        int maxKbps = number(p, "maximum_streaming_bandwidth", 0, 0, 1_000_000);
        if ("2025-01-25".equals(request.path("schema_version").asText())) {
            JsonNode canvases = p.path("canvases");
            if (!canvases.isMissingNode() && (!canvases.isArray() || canvases.size() > 0 && !canvases.get(0).isObject())) {
                throw new Refused(400, "preferences.canvases must be an array of objects.");
            }
            canvas = canvases.path(0);
            maxKbps = number(p, "maximum_aggregate_bitrate", maxKbps, 0, 1_000_000);
        }
        int cw = number(canvas, "canvas_width", DEFAULT_CANVAS_WIDTH, 64, MAX_CANVAS);
        int ch = number(canvas, "canvas_height", DEFAULT_CANVAS_HEIGHT, 64, MAX_CANVAS);
        // the output size (≤ canvas) is what the tracks scale down from
        int w = number(canvas, "width", cw, 64, cw);
        int h = number(canvas, "height", ch, 64, ch);
        JsonNode fr = canvas.path("framerate");
        long num = number(fr, "numerator", 30, 1, 240_000);
        long den = number(fr, "denominator", 1, 1, 100_000);
        if ((double) num / den > 240) {
            throw new Refused(400, "preferences framerate is above 240 fps.");
        }
        int tracks = number(p, "maximum_video_tracks", Ladder.MAX_MULTITRACK_TRACKS, 1, 100);
        String res = p.path("maximum_resolution").asText("FULL_HD");
        if (!Set.of("SD", "HD", "FULL_HD").contains(res)) {
            throw new Refused(400, "preferences.maximum_resolution must be SD, HD or FULL_HD.");
        }
        int lines = new StreamDescriptor.Multitrack(true, "ALLOW", res).maxLines();
        return new Preferences(w, h, num, den, tracks, maxKbps, lines);
    }

    private static int number(JsonNode node, String field, int absent, int min, int max) {
        JsonNode v = node.path(field);
        if (v.isMissingNode() || v.isNull()) {
            return absent;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < min || v.asInt() > max) {
            throw new Refused(400, "preferences " + field + " must be an integer in " + min + ".." + max + ".");
        }
        return v.asInt();
    }

    private Reply answer(JsonNode request, Preferences prefs, String key, String channelArn, JsonNode channel) {
        StreamDescriptor.Multitrack multitrack = StreamDescriptor.of("", channelArn, "", "", Instant.EPOCH, channel)
                .multitrack();
        if (!multitrack.enabled()) {
            throw new Refused(409, "Multitrack input is not enabled on this channel (multitrackInputConfiguration).");
        }
        double fps = (double) prefs.fpsNum() / prefs.fpsDen();
        List<Rendition> tracks = Ladder.multitrack(Math.min(multitrack.maxLines(), prefs.maxLines()),
                prefs.canvasWidth(), prefs.canvasHeight(), fps, prefs.maxTracks(), prefs.maxKbps());
        String configId = UUID.randomUUID().toString();
        ObjectNode out = mapper.createObjectNode();
        ObjectNode meta = out.putObject("meta");
        meta.put("service", "IVS");
        meta.put("schema_version", request.path("schema_version").asText());
        meta.put("config_id", configId);
        String host = channel.path("ingestEndpoint").asText("127.0.0.1");
        ArrayNode endpoints = out.putArray("ingest_endpoints");
        endpoint(endpoints, "RTMPS", "rtmps://" + host + ":" + config.rtmps().port() + "/app/{stream_key}", key);
        if (channel.path("insecureIngest").asBoolean(false)) {
            endpoint(endpoints, "RTMP", "rtmp://" + host + ":" + config.rtmp().port() + "/app/{stream_key}", key);
        }
        ArrayNode encoders = out.putArray("encoder_configurations");
        for (Rendition r : tracks) {
            ObjectNode e = encoders.addObject();
            e.put("type", ENCODER_TYPE);
            e.put("width", r.width());
            e.put("height", r.height());
            long[] rate = rate(prefs, r.fps());
            e.putObject("framerate").put("numerator", rate[0]).put("denominator", rate[1]);
            e.put("gpu_scale_type", "OBS_SCALE_BICUBIC");
            e.put("canvas_index", 0);
            e.putArray("bitrate_interpolation_points").add(r.videoKbps());
            ObjectNode s = e.putObject("settings");
            s.put("bitrate", r.videoKbps());
            s.put("keyint_sec", KEYINT_SEC);
            s.put("bf", 0);
            s.put("lookahead", false);
            s.put("preset2", "p5");
            s.put("profile", "main");
            s.put("psycho_aq", false);
            s.put("rate_control", "CBR");
            s.put("tune", "hq");
        }
        ObjectNode audio = out.putObject("audio_configurations");
        ObjectNode a = audio.putArray("live").addObject();
        a.put("codec", "aac");
        a.put("channels", 2);
        a.put("track_id", 0);
        a.putObject("settings").put("bitrate", AUDIO_KBPS);
        audio.putArray("vod");
        issued.issued(channelArn, new ClientConfigurations.Issued(configId, tracks.size(), Instant.now()));
        return new Reply(200, out);
    }

    /** The client's exact rate when the rung runs at it, else half of it (a 30 fps rung of a 60 fps client). */
    private static long[] rate(Preferences prefs, int rungFps) {
        long num = prefs.fpsNum();
        long den = prefs.fpsDen();
        if ((double) num / den > rungFps + 0.5) {
            den *= 2;
        }
        long gcd = BigInteger.valueOf(num).gcd(BigInteger.valueOf(den)).longValue();
        return new long[] {num / gcd, den / gcd};
    }

    private static void endpoint(ArrayNode endpoints, String protocol, String template, String key) {
        endpoints.addObject().put("protocol", protocol).put("url_template", template).put("authentication", key);
    }

    private Reply error(Refused r) {
        return new Reply(r.status, error(r.getMessage()));
    }

    private ObjectNode error(String message) {
        ObjectNode out = mapper.createObjectNode();
        out.putObject("status").put("result", "error").put("html_en_us", message);
        out.put("message", message);
        return out;
    }
}
