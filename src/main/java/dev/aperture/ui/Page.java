package dev.aperture.ui;

import dev.aperture.alerts.AlertStore;

/** What the frame of every page needs: its title, the nav entry to highlight, who is logged in, the badge, the version its live regions show. */
public record Page(String title, String section, String username, String csrfToken, AlertStore.Totals totals,
                   String flash,
                   String liveVersion) {}
