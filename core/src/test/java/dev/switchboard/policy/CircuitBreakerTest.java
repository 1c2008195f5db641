package dev.switchboard.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.errors.ErrorKind;
import dev.switchboard.errors.RejectedCallException;
import dev.switchboard.telemetry.TelemetryListener;
import dev.switchboard.time.Ticker;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {
  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final Ticker ticker = now::get;
  private final List<String> transitions = new CopyOnWriteArrayList<>();
  private final TelemetryListener telemetry = new TelemetryListener() {
    @Override
    public void onBreakerTransition(String service, String from, String to) {
      transitions.add(from + "->" + to);
    }
  };

  private CircuitBreaker breaker(CircuitBreakerPolicy config) {
    return CircuitBreaker.create(config, "users", ticker, telemetry);
  }

  private static CircuitBreakerPolicy.Builder small() {
    return CircuitBreakerPolicy.builder().failureRateThreshold(0.5).countWindow(10).minimumCalls(4)
        .openDuration(Duration.ofSeconds(5)).halfOpenCalls(2);
  }

  @Test
  void goesClosedOpenHalfOpenClosed() {
    CircuitBreaker b = breaker(small().build());
    assertThat(b.state()).isEqualTo(CircuitBreaker.State.CLOSED);
    b.tryAcquire().onSuccess();
    b.tryAcquire().onFailure();
    b.tryAcquire().onFailure();
    assertThat(b.state()).isEqualTo(CircuitBreaker.State.CLOSED); // 3 calls < minimumCalls
    b.tryAcquire().onSuccess();
    b.tryAcquire().onFailure(); // 3 of 5 failed
    assertThat(b.state()).isEqualTo(CircuitBreaker.State.OPEN);

    assertThat(b.tryAcquire()).isNull();
    RejectedCallException e = b.openError();
    assertThat(e.kind()).isEqualTo(ErrorKind.CIRCUIT_OPEN);
    assertThat(e.retryAfter()).contains(Duration.ofSeconds(5));
    assertThat(e.getMessage()).contains("users", "next probe in 5000 ms");

    now.addAndGet(Duration.ofSeconds(4).toNanos());
    assertThat(b.tryAcquire()).isNull();
    assertThat(b.openError().retryAfter()).contains(Duration.ofSeconds(1));

    now.addAndGet(Duration.ofSeconds(1).toNanos());
    CircuitBreaker.Permit trial1 = b.tryAcquire();
    CircuitBreaker.Permit trial2 = b.tryAcquire();
    assertThat(trial1).isNotNull();
    assertThat(trial2).isNotNull();
    assertThat(b.state()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
    assertThat(b.tryAcquire()).isNull(); // only two trial calls
    trial1.onSuccess();
    assertThat(b.state()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
    trial2.onSuccess();
    assertThat(b.state()).isEqualTo(CircuitBreaker.State.CLOSED);
    assertThat(transitions).containsExactly("closed->open", "open->half_open", "half_open->closed");
  }

  @Test
  void staysOpenOnAFailedProbe() {
    CircuitBreaker b = breaker(small().build());
    for (int i = 0; i < 4; i++) {
      b.tryAcquire().onFailure();
    }
    assertThat(b.state()).isEqualTo(CircuitBreaker.State.OPEN);
    now.addAndGet(Duration.ofSeconds(5).toNanos());
    CircuitBreaker.Permit probe = b.tryAcquire();
    assertThat(probe).isNotNull();
    probe.onFailure();
    assertThat(b.state()).isEqualTo(CircuitBreaker.State.OPEN);
    assertThat(b.tryAcquire()).isNull();
    assertThat(b.openError().retryAfter()).contains(Duration.ofSeconds(5)); // a fresh open period
    assertThat(transitions).containsExactly("closed->open", "open->half_open", "half_open->open");
  }

  @Test
  void anIgnoredTrialFreesItsSlot() {
    CircuitBreaker b = breaker(small().halfOpenCalls(1).build());
    for (int i = 0; i < 4; i++) {
      b.tryAcquire().onFailure();
    }
    now.addAndGet(Duration.ofSeconds(5).toNanos());
    CircuitBreaker.Permit probe = b.tryAcquire();
    assertThat(b.tryAcquire()).isNull();
    probe.onIgnored();
    CircuitBreaker.Permit again = b.tryAcquire();
    assertThat(again).isNotNull();
    again.onSuccess();
    assertThat(b.state()).isEqualTo(CircuitBreaker.State.CLOSED);
  }

  @Test
  void aLateResultFromAnOldStateMovesNothing() {
    CircuitBreaker b = breaker(small().build());
    CircuitBreaker.Permit old = b.tryAcquire(); // granted while closed, finishes much later
    for (int i = 0; i < 4; i++) {
      b.tryAcquire().onFailure();
    }
    now.addAndGet(Duration.ofSeconds(5).toNanos());
    CircuitBreaker.Permit probe = b.tryAcquire();
    old.onFailure(); // must not reopen the half-open breaker
    assertThat(b.state()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
    probe.onSuccess();
    b.tryAcquire().onSuccess();
    assertThat(b.state()).isEqualTo(CircuitBreaker.State.CLOSED);
  }

  @Test
  void theCountWindowForgetsOldFailures() {
    CircuitBreaker b = breaker(small().countWindow(4).build());
    b.tryAcquire().onFailure();
    for (int i = 0; i < 8; i++) {
      b.tryAcquire().onSuccess();
    }
    b.tryAcquire().onFailure(); // window: S S S F = 25%
    assertThat(b.state()).isEqualTo(CircuitBreaker.State.CLOSED);
    b.tryAcquire().onFailure(); // S S F F = 50%
    assertThat(b.state()).isEqualTo(CircuitBreaker.State.OPEN);
  }

  @Test
  void aTimeWindowOpensOnFailuresWithinItAndForgetsOlderOnes() {
    CircuitBreaker b = breaker(small().timeWindow(Duration.ofSeconds(10)).minimumCalls(4).build());
    b.tryAcquire().onFailure();
    b.tryAcquire().onFailure();
    b.tryAcquire().onFailure();
    now.addAndGet(Duration.ofSeconds(11).toNanos()); // those three age out
    b.tryAcquire().onSuccess();
    b.tryAcquire().onSuccess();
    b.tryAcquire().onFailure();
    assertThat(b.state()).isEqualTo(CircuitBreaker.State.CLOSED); // 1 of 3 in the window
    b.tryAcquire().onFailure(); // 2 of 4
    assertThat(b.state()).isEqualTo(CircuitBreaker.State.OPEN);
  }

  @Test
  void invalidValuesFailAtBuildNamingTheField() {
    assertThatThrownBy(() -> CircuitBreakerPolicy.builder().failureRateThreshold(0).build())
        .hasMessageContaining("failureRateThreshold");
    assertThatThrownBy(() -> CircuitBreakerPolicy.builder().countWindow(0).build()).hasMessageContaining("windowCalls");
    assertThatThrownBy(() -> CircuitBreakerPolicy.builder().minimumCalls(0).build()).hasMessageContaining("minimumCalls");
    assertThatThrownBy(() -> CircuitBreakerPolicy.builder().openDuration(Duration.ofSeconds(-1)).build())
        .hasMessageContaining("openDuration");
    assertThatThrownBy(() -> CircuitBreakerPolicy.builder().halfOpenCalls(0).build()).hasMessageContaining("halfOpenCalls");
    assertThatThrownBy(() -> CircuitBreakerPolicy.builder().timeWindow(Duration.ofMillis(-1)).build())
        .hasMessageContaining("windowDuration");
  }
}
