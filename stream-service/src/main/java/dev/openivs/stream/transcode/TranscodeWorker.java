package dev.openivs.stream.transcode;

import dev.openivs.stream.config.StreamConfig;
import java.io.IOException;
import java.util.List;

/**
 * One stream's transcode into all its transcoded rungs at once, fed the source as FLV and giving each rung back as
 * FLV tags. Two kinds: {@link FfmpegWorker} runs ffmpeg in this process's host (the local stack's default), and
 * {@link RemoteTranscodeWorker} has a transcoder deployment ({@link TranscodeServer}) run it, when
 * {@code ivs.stream.transcode.remote} names one. {@link TranscodedStream} supervises either the same way.
 */
interface TranscodeWorker {

    /** Where the rungs' tags go (called on the worker's threads) and who hears of the end. */
    interface Output {
        void tag(int rung, FlvTags.Tag tag);

        /** The worker ended or failed without {@link #stop} (crash, stall, input overflow, lost connection): once. */
        void failed(TranscodeWorker worker, String why);
    }

    /** Starts a worker for {@code rungs} (transcoded ones only); {@code audio}: the input has an audio track. */
    static TranscodeWorker start(String name, StreamConfig.Transcode config, List<Rendition> rungs, boolean audio,
            double inputFps, Output output) throws IOException {
        if (config.remote().isPresent()) {
            return RemoteTranscodeWorker.start(name, config, config.remote().get(), rungs, audio, inputFps, output);
        }
        return FfmpegWorker.start(name, FfmpegWorker.Settings.of(config), rungs, audio, inputFps, output);
    }

    /**
     * Queues FLV bytes (a tag, or the file header) for the transcoder; false when the queue bound is reached (the
     * transcoder does not keep up: the worker is failed).
     */
    boolean offer(byte[] bytes);

    /** Wall-clock ms of the newest tag received back (or of the start). */
    long lastOutputAt();

    /** Whether any rendition tag came back yet. */
    boolean producedOutput();

    /**
     * The stream ended: the transcoder gets the end of its input after what is queued, encodes what it holds and
     * ends its outputs, whose last tags still go to {@link Output#tag}; then (or after {@code timeoutMs}, when the
     * worker is stopped) {@code done} runs, on a worker thread. No failure is reported.
     */
    void drain(long timeoutMs, Runnable done);

    /** Ends the worker and its threads without reporting a failure. */
    void stop();

    /** The ffmpeg process when it runs here (tests kill it to prove the supervision); null for a remote one. */
    Process process();
}
