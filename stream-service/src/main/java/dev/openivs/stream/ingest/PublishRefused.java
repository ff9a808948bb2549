package dev.openivs.stream.ingest;

/** A publish the ingest refuses; {@code code} and {@code description} go into the onStatus error sent back. */
public class PublishRefused extends RuntimeException {
    public static final String BAD_NAME = "NetStream.Publish.BadName";
    public static final String FAILED = "NetStream.Publish.Failed";

    private final String code;

    public PublishRefused(String code, String description) {
        super(description, null, false, false);
        this.code = code;
    }

    public String code() {
        return code;
    }

    public String description() {
        return getMessage();
    }
}
