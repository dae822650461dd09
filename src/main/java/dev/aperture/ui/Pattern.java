package dev.aperture.ui;

import dev.aperture.calls.Severity;
import java.time.Instant;

/** One error pattern in words: {@code lead}, then {@code since} as local time, then {@code tail}. */
public record Pattern(Severity severity, String lead, Instant since, String tail, String href) {}
