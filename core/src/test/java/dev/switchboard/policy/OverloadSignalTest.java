package dev.switchboard.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.context.CallContext;
import org.junit.jupiter.api.Test;

class OverloadSignalTest {
  @Test
  void marksTheSignalBoundInTheContextAndKeepsTheFirstReason() {
    OverloadSignal signal = OverloadSignal.create();
    CallContext ctx = CallContext.empty().with(OverloadSignal.KEY, signal);
    assertThat(signal.downstreamExhausted()).isFalse();
    OverloadSignal.markDownstreamExhausted(ctx, "users: maxAttempts (3) reached");
    OverloadSignal.markDownstreamExhausted(ctx, "later");
    assertThat(signal.downstreamExhausted()).isTrue();
    assertThat(signal.reason()).contains("users: maxAttempts (3) reached");
  }

  @Test
  void markingWithoutABoundSignalDoesNothing() {
    OverloadSignal.markDownstreamExhausted(CallContext.empty(), "nobody listens");
    assertThat(CallContext.empty().get(OverloadSignal.KEY)).isEmpty();
  }

  @Test
  void theSignalSurvivesTheCopiesThePipelineMakes() {
    OverloadSignal signal = OverloadSignal.create();
    CallContext derived = CallContext.empty().with(OverloadSignal.KEY, signal)
        .withCorrelationId("abc").withDeadline(null);
    assertThat(derived.get(OverloadSignal.KEY)).containsSame(signal);
  }
}
