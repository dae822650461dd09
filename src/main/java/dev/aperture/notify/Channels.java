package dev.aperture.notify;

import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** The registry of channel flavours; refuses a missing or duplicate flavour at start-up. */
final class Channels {

    private final Map<ChannelType, Channel> byType = new EnumMap<>(ChannelType.class);

    Channels(List<Channel> all) {
        for (Channel channel : all) {
            if (byType.put(channel.type(), channel) != null) {
                throw new IllegalStateException("two channel flavours for " + channel.type().wire());
            }
        }
        for (ChannelType type : ChannelType.values()) {
            if (!byType.containsKey(type)) {
                throw new IllegalStateException("no channel flavour for " + type.wire());
            }
        }
    }

    /** Every flavour Aperture has, sending through {@code http} (email through its own SMTP client). */
    static Channels standard(HttpPost http, java.time.Duration connectTimeout, java.time.Duration readTimeout) {
        return new Channels(List.of(new EmailChannel(connectTimeout, readTimeout), new WebhookChannel(http),
                new DiscordChannel(http), new SlackChannel(http), new NtfyChannel(http), new GotifyChannel(http),
                new TelegramChannel(http), new PushoverChannel(http), new MatrixChannel(http),
                new HomeAssistantChannel(http), new AppriseChannel(http)));
    }

    Channel get(ChannelType type) {
        return byType.get(type);
    }

    Collection<Channel> all() {
        return byType.values();
    }
}
