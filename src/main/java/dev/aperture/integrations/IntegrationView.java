package dev.aperture.integrations;

import dev.aperture.alerts.Alert;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An integration as the API shows it: secrets masked, status derived from its ongoing problems, and for a server
 * that says what it is (Jellyfin, Emby) the product and version its last passing probe reported, else null.
 * {@code subjectAlerts}: per user or list with an alert that counts toward the status, its most pressing one.
 */
public record IntegrationView(String service, String displayName, boolean configured, boolean enabled,
                              IntegrationStatus status,
                              Map<String, Object> settings, List<String> fields, Instant lastCheckedAt,
                              Instant lastSuccessAt, boolean probeCostsQuota, List<Alert> openAlerts,
                              ServerIdentity server, List<ServiceStates.SubjectAlert> subjectAlerts) {}
