package dev.switchboard.pipeline;

import dev.switchboard.context.CallContext;
import dev.switchboard.endpoint.Endpoint;

/**
 * One try of a call against one endpoint. The transport writes the wire headers from it:
 * correlation id, a child {@code traceparent} (new span per attempt), remaining time and attempt
 * number. Immutable.
 *
 * @param call the call this attempt belongs to
 * @param number 1 for the first attempt
 * @param hedge true for a hedged attempt
 * @param endpoint where it goes
 * @param context the outbound context: the call's ids with this attempt's child span
 */
public record Attempt(Call call, int number, boolean hedge, Endpoint endpoint, CallContext context) {}
