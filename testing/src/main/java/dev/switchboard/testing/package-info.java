/**
 * Test fixtures for Switchboard and its users: real parts, deterministic time and randomness.
 *
 * <ul>
 *   <li>{@link dev.switchboard.testing.FakeTicker} and {@link dev.switchboard.testing.SeededRandom}:
 *       time that moves only when told and coin flips that replay, for algorithm tests.
 *   <li>{@link dev.switchboard.testing.ScriptedServer}: a real HTTP/1.1 server on 127.0.0.1 and a
 *       free port whose routes answer from a script ({@link dev.switchboard.testing.Reply}): fixed
 *       replies, sequences, handlers, delays, seeded {@link
 *       dev.switchboard.testing.LatencyDistribution latency}, closing without an answer, resets,
 *       hangs, dripping and huge bodies. It records every request
 *       ({@link dev.switchboard.testing.RecordedRequest}) and counts exchanges the client aborted,
 *       which is how a test proves that a cancelled attempt was really cancelled on the wire.
 *   <li>{@link dev.switchboard.testing.ScriptedServers}: N such replicas and their
 *       {@code static:} discovery target.
 * </ul>
 *
 * <pre>{@code
 * try (ScriptedServers replicas = ScriptedServers.start(3)) {
 *   replicas.route("GET", "/users/{id}", Reply.json(200, "{\"id\":1}"));
 *   replicas.get(0).route("GET", "/users/{id}").reply(Reply.neverAnswer());
 *   Client client = ... target(replicas.staticTarget()) ... hedging on ...;
 *   client.call(...);
 *   await().until(() -> replicas.get(0).abortedExchanges() == 1); // the losing hedge was cancelled
 * }
 * }</pre>
 *
 * <p>Implementation classes live in {@code dev.switchboard.testing.internal} and are not API.
 */
package dev.switchboard.testing;
