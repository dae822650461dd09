package dev.aperture.calls;

/**
 * Who is calling. {@code record} is false for a Test Connection of unsaved settings, which reports
 * but must neither record nor resolve anything; {@code jobRunId} ties a failure to its run.
 */
public record CallContext(Purpose purpose, String jobRunId, boolean record) {

    public static CallContext test(boolean saved) {
        return new CallContext(Purpose.TEST, null, saved);
    }

    public static CallContext probe() {
        return new CallContext(Purpose.PROBE, null, true);
    }

    public static CallContext job(String runId) {
        return new CallContext(Purpose.JOB, runId, true);
    }
}
