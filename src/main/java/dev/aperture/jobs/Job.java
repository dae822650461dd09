package dev.aperture.jobs;

import java.util.List;

/**
 * One kind of work that calls services. The engine owns the run: it stores every item from the
 * start, calls {@link #process} for each one still pending, applies the error policy and keeps the
 * counts; a job only says what its items are and what doing one came to.
 */
public interface Job {

    /** The id used in REST paths, e.g. {@code enrich-metadata}. */
    String name();

    String description();

    /** The schedule a fresh install gets, e.g. {@code every 6h} or {@code daily 03:00}. */
    String defaultSchedule();

    /** The items of a full run, in order. Called once at the start of a run that is not a retry. */
    List<Item> plan(RunScope scope);

    /** Does one item. Must not throw for anything a service does; a call's failure is an outcome. */
    ItemOutcome process(Item item, RunScope scope);

    /**
     * The run log's first line about a fresh plan. A job whose items are batches (a page of 200 titles) says what
     * they hold, so the admin reads "300 titles", not "2 items".
     */
    default String planned(List<Item> items) {
        return "Planned " + items.size() + (items.size() == 1 ? " item" : " items");
    }

    /**
     * What the run's progress counts, plural: "items" where an item is one thing; a job whose items are batches
     * names what they hold ("titles") and gives each item its {@link Item#units()}.
     */
    default String unit() {
        return "items";
    }

    /** Services that must be configured before a run can start (others are used when they are). */
    default java.util.Set<dev.aperture.calls.ServiceId> requires() {
        return java.util.Set.of();
    }

    /** Thrown by {@link #plan} when the run cannot even find out what to do (the list call failed). */
    final class PlanFailed extends RuntimeException {
        public PlanFailed(String message) {
            super(message);
        }
    }

    /**
     * An item: a stable key (kept across retries), words for the log and the UI, and how many of the job's
     * {@link #unit()} it holds (1 unless it is a batch, such as a page of titles).
     */
    record Item(String key, String label, int units) {
        public Item {
            if (units < 0) {
                throw new IllegalArgumentException("units must not be negative");
            }
        }

        public Item(String key, String label) {
            this(key, label, 1);
        }
    }
}
