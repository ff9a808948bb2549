package dev.openivs.aws.errors;

public class ChannelNotBroadcasting extends AwsException {
    public ChannelNotBroadcasting() { super(AwsErrorShape.ChannelNotBroadcasting, null); }
    public ChannelNotBroadcasting(String message) { super(AwsErrorShape.ChannelNotBroadcasting, message); }
}
