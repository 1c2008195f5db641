package dev.switchboard.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.time.Ticker;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The failure throttle inside {@link RetryBudget} [gRFC A6 retry throttling]. */
class RetryThrottleTest {
  private final AtomicLong now = new AtomicLong(5_000_000_000L);
  private final Ticker ticker = now::get;

  private RetryBudget budget() {
    RetryBudget b = RetryBudget.create(RetryBudgetPolicy.defaults(), ticker);
    for (int i = 0; i < 1000; i++) {
      b.deposit(); // a generous window: only the throttle can refuse here
    }
    return b;
  }

  @Test
  void theBucketStartsFullAndRefusesExtraAttemptsOnceHalfOfItIsSpentOnFailures() {
    RetryBudget b = budget();
    assertThat(b.throttleTokens()).isEqualTo(20.0);
    for (int i = 0; i < 9; i++) {
      b.onAttemptFailure();
    }
    assertThat(b.isThrottled()).isFalse(); // 11 left: more than half
    assertThat(b.tryWithdraw()).isTrue();
    b.onAttemptFailure();
    assertThat(b.isThrottled()).isTrue(); // 10 left: half is not enough
    assertThat(b.tryWithdraw()).isFalse();
  }

  @Test
  void successesRefillAQuarterOfATokenEachSoAFewBadReplicasKeepTheirRetries() {
    RetryBudget b = budget();
    for (int i = 0; i < 10; i++) {
      b.onAttemptFailure();
    }
    assertThat(b.isThrottled()).isTrue();
    for (int i = 0; i < 4; i++) {
      b.onAttemptSuccess();
    }
    assertThat(b.isThrottled()).isFalse(); // 11 tokens
    for (int round = 0; round < 1000; round++) { // one failure in five attempts keeps it level
      b.onAttemptFailure();
      for (int i = 0; i < 4; i++) {
        b.onAttemptSuccess();
      }
      assertThat(b.isThrottled()).isFalse();
    }
    for (int round = 0; round < 10; round++) { // one in four drains it: retries stop
      b.onAttemptFailure();
      for (int i = 0; i < 3; i++) {
        b.onAttemptSuccess();
      }
    }
    assertThat(b.isThrottled()).isTrue();
    for (int i = 0; i < 1000; i++) {
      b.onAttemptSuccess();
    }
    assertThat(b.throttleTokens()).isEqualTo(20.0); // never above the bucket
  }

  @Test
  void aTotalOutageOfAThousandCallsIsRetriedAboutTenTimesInAll() {
    RetryBudget b = budget();
    int retries = 0;
    for (int call = 0; call < 1000; call++) {
      b.onAttemptFailure(); // the first attempt fails
      while (b.tryWithdraw()) { // and so does every retry the throttle allows
        retries++;
        b.onAttemptFailure();
      }
    }
    assertThat(retries).isEqualTo(9); // the reserve and 20% of the window would have allowed 300
  }

  @Test
  void withoutTheThrottleOnlyTheBudgetCounts() {
    RetryBudget b = RetryBudget.create(RetryBudgetPolicy.builder().noThrottle().build(), ticker);
    for (int i = 0; i < 100; i++) {
      b.onAttemptFailure();
    }
    assertThat(b.isThrottled()).isFalse();
    assertThat(b.tryWithdraw()).isTrue();
    assertThat(RetryBudgetPolicy.unlimited().throttled()).isFalse();
  }

  @Test
  void badThrottleSettingsFailAtBuildNamingTheField() {
    assertThatThrownBy(() -> RetryBudgetPolicy.builder().throttle(-1, 0.1).build())
        .hasMessageContaining("throttleMaxTokens");
    assertThatThrownBy(() -> RetryBudgetPolicy.builder().throttle(10, 0).build())
        .hasMessageContaining("throttleTokenRatio");
    RetryBudgetPolicy p = RetryBudgetPolicy.builder().throttle(10, 0.5).build();
    assertThat(p.toBuilder().build().throttleMaxTokens()).isEqualTo(10);
    assertThat(p.toString()).contains("throttle 10 tokens");
  }
}
