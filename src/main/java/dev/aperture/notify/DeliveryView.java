package dev.aperture.notify;

import java.time.Instant;

/** One delivery of a message to a channel as the API and the Notifications page show it. */
public record DeliveryView(String id, Event event, String title, int alertCount, DeliveryStatus status, int attempts,
                           Integer lastStatus, String lastError, Instant createdAt, Instant lastAttemptAt,
                           Instant nextAttemptAt, Instant deliveredAt) {}
