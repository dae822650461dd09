package dev.aperture.notify;

import java.util.List;

/**
 * One channel flavour: its settings and how it sends a message in the receiver's native format.
 * Stateless; the settings come with each call, so an edit applies to the next attempt. Sending
 * never throws for anything the network or the receiver does: it answers a {@link Delivery}.
 */
interface Channel {

    ChannelType type();

    /** The settings, in form order. */
    List<Setting> settings();

    /** Whether the channel takes custom HTTP headers (the generic webhook). */
    default boolean takesHeaders() {
        return false;
    }

    Delivery send(ChannelSettings settings, Message message);

    /**
     * Sends one outbox delivery; {@code deliveryId} stays the same across its retries, for receivers
     * that deduplicate on a client-chosen id (Matrix's transaction id).
     */
    default Delivery send(ChannelSettings settings, Message message, String deliveryId) {
        return send(settings, message);
    }

    /** Checks that need several settings at once; a problem is a BadRequest naming one of them. */
    default void check(ChannelSettings settings) {
    }
}
