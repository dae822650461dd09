package dev.aperture.jobs;

import java.time.Instant;

/**
 * A run as the API shows it. {@code pending} items were not done yet (or not attempted). {@code unitsDone} of
 * {@code unitsTotal} {@code unit} is the progress in what the items hold ("150 of 300 titles"); {@code percent}
 * follows it.
 */
public record RunView(String id, String job, RunStatus status, String trigger, String parentRunId, Instant startedAt,
                      Instant finishedAt, int total, int done, int notFound, int failed, int pending, int percent,
                      String currentStep, String summary, boolean cancelRequested, String instance, String unit,
                      int unitsTotal, int unitsDone) {}
