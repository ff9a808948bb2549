package dev.openivs.stream.hls;

import dev.openivs.stream.media.MediaSink;

/** What the edge needs of one rendition's packager, NORMAL ({@link HlsStream}) or LOW ({@link LlHlsStream}). */
public interface RenditionStream extends MediaSink {
    /** The prefix of the rendition's media playlist and files ({@code source} or the rendition id). */
    String name();

    /** Whether the rendition can be listed in the multivariant playlist (its session has finished a segment). */
    boolean listable();

    /** Called once when the rendition's stream ends. */
    void onEnded(Runnable onEnded);

    /** Its entry in the multivariant playlist. */
    Playlists.Variant variant(String id, String uri);
}
