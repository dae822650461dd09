package dev.aperture.jobs;

import dev.aperture.store.Wired;

/** Where one item of a run stands; pending until done, not found, or failed. */
public enum ItemStatus implements Wired {
    PENDING, DONE, NOT_FOUND, FAILED
}
