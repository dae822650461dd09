package dev.aperture.jobs;

import dev.aperture.store.Wired;

/** How much a line in a run's log matters. */
public enum LogLevel implements Wired {
    INFO, WARN, ERROR
}
