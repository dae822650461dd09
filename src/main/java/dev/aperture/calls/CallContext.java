package dev.aperture.calls;

/**
 * Who is calling. {@code record} is false for a Test Connection of unsaved settings, which reports
 * but must neither record nor resolve anything; {@code jobRunId} ties a failure to its run;
 * {@code pastWaits}: an admin's explicit test, sent even while a provider's reset is pending (it spends one
 * request), so a wait never hides a recovery from the person who asks.
 */
public record CallContext(Purpose purpose, String jobRunId, boolean record, boolean pastWaits) {

    public CallContext(Purpose purpose, String jobRunId, boolean record) {
        this(purpose, jobRunId, record, false);
    }

    /**
     * Test Connection. Of unsaved settings (a changed key or URL the admin is trying) it is sent past a pending
     * wait: the wait was learned for the saved ones. Of the saved settings it waits like every caller, unless
     * {@link #testAnyway()}.
     */
    public static CallContext test(boolean saved) {
        return new CallContext(Purpose.TEST, null, saved, !saved);
    }

    /** The admin's "Test anyway": the saved settings, sent even while a reset is pending. */
    public static CallContext testAnyway() {
        return new CallContext(Purpose.TEST, null, true, true);
    }

    public static CallContext probe() {
        return new CallContext(Purpose.PROBE, null, true);
    }

    public static CallContext job(String runId) {
        return new CallContext(Purpose.JOB, runId, true);
    }
}
