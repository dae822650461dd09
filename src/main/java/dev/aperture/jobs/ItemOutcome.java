package dev.aperture.jobs;

import dev.aperture.calls.Recorded;
import dev.aperture.calls.ServiceId;

/** What doing one item came to. */
public sealed interface ItemOutcome {

    /** What happened to the item, in words for the run's log and summary. */
    String detail();

    record Done(String detail) implements ItemOutcome {}

    /** A normal miss (OMDb "Movie not found!"): logged, never an alert, not retried. */
    record NotFound(String detail) implements ItemOutcome {}

    /**
     * A call for this item failed; the item keeps its previous data and is retried by "retry failed items".
     * {@code recorded} is where the failure was recorded, null when it was not (an unreadable answer).
     */
    record Failed(ServiceId service, String detail, Recorded recorded) implements ItemOutcome {}

    /** Not attempted: the run stopped calling a service it needs (rejected key, quota gone until later). */
    record Pending(ServiceId service, String detail) implements ItemOutcome {}
}
