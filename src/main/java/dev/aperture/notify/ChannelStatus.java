package dev.aperture.notify;

import dev.aperture.store.Wired;

/** How a channel stands: off, delivering, or failing its last attempts in a row. */
public enum ChannelStatus implements Wired {
    OK, FAILING, DISABLED
}
