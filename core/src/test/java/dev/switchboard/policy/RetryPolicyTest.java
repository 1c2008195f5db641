package dev.switchboard.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.errors.ErrorKind;
import dev.switchboard.errors.RejectedCallException;
import dev.switchboard.errors.StatusException;
import dev.switchboard.errors.TransportException;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

  static RandomGenerator seeded(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    return r::nextLong;
  }

  @Test
  void defaultsAreThreeAttemptsAndTwentyFiveMillisDoublingToOneSecond() {
    RetryPolicy p = RetryPolicy.defaults();
    assertThat(p.maxAttempts()).isEqualTo(3);
    assertThat(p.backoffCeilingNanos(1)).isEqualTo(Duration.ofMillis(25).toNanos());
    assertThat(p.backoffCeilingNanos(2)).isEqualTo(Duration.ofMillis(50).toNanos());
    assertThat(p.backoffCeilingNanos(7)).isEqualTo(Duration.ofSeconds(1).toNanos());
    assertThat(p.backoffCeilingNanos(60)).isEqualTo(Duration.ofSeconds(1).toNanos());
  }

  @Test
  void fullJitterStaysWithinZeroAndTheCeilingAndSpreadsAcrossIt() {
    RetryPolicy p = RetryPolicy.builder().random(seeded(7)).build();
    long ceiling = p.backoffCeilingNanos(2);
    long min = Long.MAX_VALUE;
    long max = 0;
    for (int i = 0; i < 10_000; i++) {
      long b = p.backoffNanos(2);
      assertThat(b).isBetween(0L, ceiling);
      min = Math.min(min, b);
      max = Math.max(max, b);
    }
    assertThat(min).isLessThan(ceiling / 20);
    assertThat(max).isGreaterThan(ceiling - ceiling / 20);
  }

  @Test
  void sameSeedGivesTheSameBackoffs() {
    RetryPolicy a = RetryPolicy.builder().random(seeded(42)).build();
    RetryPolicy b = RetryPolicy.builder().random(seeded(42)).build();
    for (int i = 1; i < 5; i++) {
      assertThat(a.backoffNanos(i)).isEqualTo(b.backoffNanos(i));
    }
  }

  @Test
  void invalidValuesFailAtBuildNamingTheField() {
    assertThatThrownBy(() -> RetryPolicy.builder().maxAttempts(0).build()).hasMessageContaining("maxAttempts");
    assertThatThrownBy(() -> RetryPolicy.builder().maxAttempts(6).build()).hasMessageContaining("maxAttempts");
    assertThatThrownBy(() -> RetryPolicy.builder().initialBackoff(Duration.ofMillis(-1)).build())
        .hasMessageContaining("initialBackoff");
    assertThatThrownBy(() -> RetryPolicy.builder().maxBackoff(Duration.ofMillis(-1)).build())
        .hasMessageContaining("maxBackoff");
    assertThatThrownBy(() -> RetryPolicy.builder().maxBackoff(Duration.ofMillis(1)).build())
        .hasMessageContaining("maxBackoff must be >= initialBackoff");
    assertThatThrownBy(() -> RetryPolicy.builder().backoffMultiplier(0.5).build())
        .hasMessageContaining("backoffMultiplier");
    assertThatThrownBy(() -> RetryPolicy.builder().backoffMultiplier(Double.NaN).build())
        .hasMessageContaining("backoffMultiplier");
    assertThatThrownBy(() -> RetryPolicy.builder().perAttemptTimeout(Duration.ZERO).build())
        .hasMessageContaining("perAttemptTimeout");
    assertThatThrownBy(() -> RetryPolicy.builder().retryOnStatus(503, 700).build())
        .hasMessageContaining("retryOnStatus");
  }

  @Test
  void retriesServerFaultsAndRateLimitsButNotClientErrorsByDefault() {
    RetryPolicy p = RetryPolicy.defaults();
    assertThat(p.isRetryable(status(ErrorKind.SERVER_ERROR, 503))).isTrue();
    assertThat(p.isRetryable(status(ErrorKind.RATE_LIMITED, 429))).isTrue();
    assertThat(p.isRetryable(new TransportException(ErrorKind.CONNECT_FAILED, "refused", true, null))).isTrue();
    assertThat(p.isRetryable(status(ErrorKind.CLIENT_ERROR, 404))).isFalse();
  }

  @Test
  void aStatusSetDecidesForStatusFailures() {
    RetryPolicy p = RetryPolicy.builder().retryOnStatus(503, 409).build();
    assertThat(p.isRetryable(status(ErrorKind.SERVER_ERROR, 503))).isTrue();
    assertThat(p.isRetryable(status(ErrorKind.CLIENT_ERROR, 409))).isTrue();
    assertThat(p.isRetryable(status(ErrorKind.SERVER_ERROR, 500))).isFalse();
    assertThat(p.isRetryable(new TransportException(ErrorKind.TIMEOUT, "slow", false, null))).isTrue();
  }

  @Test
  void aCustomPredicateAddsConditionsButNeverOverridesANegativePushback() {
    RetryPolicy p = RetryPolicy.builder().retryOn().retryIf(e -> e instanceof StatusException s && s.status() == 500).build();
    assertThat(p.isRetryable(status(ErrorKind.SERVER_ERROR, 500))).isTrue();
    assertThat(p.isRetryable(status(ErrorKind.SERVER_ERROR, 502))).isFalse();
    StatusException pushback = new StatusException(ErrorKind.SERVER_ERROR, 500, "", null, true);
    assertThat(p.isRetryable(pushback)).isFalse();
    assertThat(p.isRetryable(new RejectedCallException(ErrorKind.CIRCUIT_OPEN, "open"))).isFalse();
  }

  @Test
  void toBuilderKeepsEveryField() {
    RetryPolicy p = RetryPolicy.builder().maxAttempts(5).backoff(Duration.ofMillis(10), 3.0, Duration.ofMillis(500))
        .retryOn(ErrorKind.TIMEOUT).retryOnStatus(502).perAttemptTimeout(Duration.ofMillis(100)).build();
    RetryPolicy q = p.toBuilder().build();
    assertThat(q.toString()).isEqualTo(p.toString());
    assertThat(q.retryOn()).containsExactly(ErrorKind.TIMEOUT);
  }

  static StatusException status(ErrorKind kind, int status) {
    return new StatusException(kind, status, "", null, false);
  }
}
