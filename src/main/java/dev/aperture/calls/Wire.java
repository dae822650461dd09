package dev.aperture.calls;

/** Sends a request and answers what came back; never throws for anything the network does. */
@FunctionalInterface
public interface Wire {
    Answer send(CallRequest request);
}
