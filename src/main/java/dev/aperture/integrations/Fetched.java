package dev.aperture.integrations;

import dev.aperture.calls.CallResult;

/**
 * What a typed client call came to: the payload read into a record, a call that did not succeed
 * (its result carries the outcome a job reports), or a successful call whose payload could not be read.
 * The last is not success: the work it was for is not done.
 */
public sealed interface Fetched<T> {

    CallResult result();

    record Got<T>(T value, CallResult result) implements Fetched<T> {}

    record Unsuccessful<T>(CallResult result) implements Fetched<T> {}

    record Unreadable<T>(CallResult result) implements Fetched<T> {}
}
