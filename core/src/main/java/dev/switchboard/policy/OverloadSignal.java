package dev.switchboard.policy;

import dev.switchboard.context.CallContext;
import dev.switchboard.context.ContextKey;
import java.util.Optional;

/**
 * Cross-hop amplification control (SRE book, "Handling Overload"): retry only at the layer just
 * above the failure. A server filter binds a fresh signal into the {@link CallContext} of each
 * inbound request ({@link #KEY}); when a Switchboard client call made while handling it ends
 * because its downstream ran out of attempts or retry budget, or because the downstream itself
 * said "do not retry", the client pipeline {@linkplain #markDownstreamExhausted marks} the
 * signal. The server filter then answers any failure with {@code x-retry-pushback-ms: -1}, so the
 * layers above do not retry, even when the handler caught the exception and wrote its own 5xx.
 *
 * <p><b>Threading:</b> one instance per inbound request; marking and reading are safe from any
 * thread (a volatile field; the first reason wins).
 *
 * <pre>{@code
 * OverloadSignal signal = OverloadSignal.create();
 * try (CallContext.Scope s = CallContext.current().with(OverloadSignal.KEY, signal).attach()) {
 *   handler.handle(exchange);
 * }
 * if (signal.downstreamExhausted()) { ... answer with x-retry-pushback-ms: -1 ... }
 * }</pre>
 */
public final class OverloadSignal {
  /** Where a server filter binds the signal of the request being handled. */
  public static final ContextKey<OverloadSignal> KEY = ContextKey.named("switchboard.overload-signal");

  private volatile String reason;

  private OverloadSignal() {}

  /** A fresh, unmarked signal for one inbound request. */
  public static OverloadSignal create() {
    return new OverloadSignal();
  }

  /** Marks the signal bound in {@code context}, if there is one. */
  public static void markDownstreamExhausted(CallContext context, String reason) {
    context.get(KEY).ifPresent(s -> s.markDownstreamExhausted(reason));
  }

  /** Records that a downstream call gave up for lack of attempts or budget; the first reason wins. */
  public void markDownstreamExhausted(String reason) {
    if (this.reason == null) {
      this.reason = reason == null ? "downstream exhausted" : reason;
    }
  }

  /** True once a downstream call made for this request ran out of attempts or budget. */
  public boolean downstreamExhausted() {
    return reason != null;
  }

  /** Why, once marked. */
  public Optional<String> reason() {
    return Optional.ofNullable(reason);
  }

  @Override
  public String toString() {
    return reason == null ? "OverloadSignal[clear]" : "OverloadSignal[" + reason + "]";
  }
}
