package dev.aperture.notify;

import java.time.Instant;

/** One configured channel: which flavour, its settings and rules, and how its deliveries have gone. */
record ChannelConfig(String id, String name, ChannelType type, boolean enabled, ChannelSettings settings, Rules rules,
                     Health health) {

    /** Consecutive failed attempts after which a channel shows as failing. */
    static final int FAILING_AFTER = 3;

    record Health(int consecutiveFailures, String lastError, Instant lastFailureAt, Instant lastSuccessAt,
                  Instant createdAt, Instant updatedAt) {

        static Health fresh(Instant now) {
            return new Health(0, null, null, null, now, now);
        }
    }

    ChannelStatus status() {
        if (!enabled) {
            return ChannelStatus.DISABLED;
        }
        return health.consecutiveFailures() >= FAILING_AFTER ? ChannelStatus.FAILING : ChannelStatus.OK;
    }

    ChannelConfig with(String newName, boolean on, ChannelSettings newSettings, Rules newRules) {
        return new ChannelConfig(id, newName, type, on, newSettings, newRules, health);
    }
}
