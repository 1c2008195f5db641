package dev.switchboard.testing.internal;

import java.time.Duration;

/**
 * Per-server limits every connection shares. Immutable.
 *
 * @param abortPollInterval how often a waiting connection checks whether the client went away
 * @param neverAnswerLimit how long a never-answering exchange holds its socket at most
 * @param maxRequestBodyBytes larger request bodies get a 413
 */
public record ConnectionSettings(
    Duration abortPollInterval, Duration neverAnswerLimit, int maxRequestBodyBytes) {}
