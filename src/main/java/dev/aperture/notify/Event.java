package dev.aperture.notify;

import dev.aperture.store.Wired;

/** What a message is about; the wire name is the webhook payload's {@code event}. DIGEST: the daily summary. */
public enum Event implements Wired {
    OPENED, RESOLVED, REMINDER, DIGEST
}
