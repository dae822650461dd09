package dev.aperture.calls;

/** Recommended actions shared by every service, in the words the alert cards and notifications show. */
public final class Actions {

    private Actions() {}

    public static final String OUTAGE =
            "No action needed: Aperture retries automatically and clears this alert when the service recovers. "
                    + "Check the service's status page if it persists.";

    public static String authentication(String service, String keyName) {
        return "Check that the " + keyName + " is correct and the account is active; generate a new key if needed, "
                + "update it in Aperture (Settings → Integrations → " + service + ") and click Test Connection.";
    }

    public static String rateLimit(String service) {
        return "Wait for the rate limit to reset, reduce request frequency (space out jobs), "
                + "and upgrade your " + service + " API tier if it persists.";
    }
}
