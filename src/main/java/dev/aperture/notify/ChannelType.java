package dev.aperture.notify;

import dev.aperture.store.Wired;

/** The channel flavours; the wire name is the {@code type} field of the REST API. */
public enum ChannelType implements Wired {
    EMAIL, WEBHOOK, DISCORD, SLACK, NTFY, GOTIFY, TELEGRAM, PUSHOVER, MATRIX, HOME_ASSISTANT, APPRISE
}
