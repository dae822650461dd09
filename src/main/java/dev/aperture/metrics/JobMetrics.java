package dev.aperture.metrics;

/** What the jobs engine reports to metrics when a run ends; {@code status} is the run's final status. */
@FunctionalInterface
public interface JobMetrics {

    void runFinished(String job, String status);

    JobMetrics NONE = (job, status) -> {};
}
