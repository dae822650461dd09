package dev.aperture.notify;

import dev.aperture.store.Wired;

/** Where one delivery stands: waiting for (another) attempt, accepted by the receiver, or given up. */
public enum DeliveryStatus implements Wired {
    PENDING, DELIVERED, FAILED
}
