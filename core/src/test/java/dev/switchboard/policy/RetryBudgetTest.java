package dev.switchboard.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.time.Ticker;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RetryBudgetTest {
  private final AtomicLong now = new AtomicLong(5_000_000_000L);
  private final Ticker ticker = now::get;

  @Test
  void stopsRetriesOnceTwentyPercentIsSpent() {
    RetryBudget budget = RetryBudget.create(
        RetryBudgetPolicy.builder().ratio(0.2).minRetriesPerSecond(0).build(), ticker);
    for (int i = 0; i < 100; i++) {
      budget.deposit();
    }
    int granted = 0;
    while (budget.tryWithdraw()) {
      granted++;
      assertThat(granted).isLessThanOrEqualTo(1000);
    }
    assertThat(granted).isEqualTo(20);
    assertThat(budget.balance()).isZero();
  }

  @Test
  void theReserveAllowsTenRetriesPerSecondOfTheWindowWithoutTraffic() {
    RetryBudget budget = RetryBudget.create(RetryBudgetPolicy.defaults(), ticker);
    int granted = 0;
    while (budget.tryWithdraw() && granted < 1000) {
      granted++;
    }
    assertThat(granted).isEqualTo(100); // 10/s x 10 s
  }

  @Test
  void withdrawalsAndDepositsExpireAfterTheWindow() {
    RetryBudget budget = RetryBudget.create(
        RetryBudgetPolicy.builder().ratio(0.5).minRetriesPerSecond(0).window(Duration.ofSeconds(10)).build(), ticker);
    for (int i = 0; i < 10; i++) {
      budget.deposit();
    }
    while (budget.tryWithdraw()) {
      // spend it all
    }
    assertThat(budget.balance()).isZero();
    now.addAndGet(Duration.ofSeconds(11).toNanos());
    assertThat(budget.balance()).isZero(); // deposits expired with the withdrawals
    for (int i = 0; i < 4; i++) {
      budget.deposit();
    }
    assertThat(budget.balance()).isEqualTo(2);
  }

  @Test
  void aRefundGivesTheTokenBack() {
    RetryBudget budget = RetryBudget.create(
        RetryBudgetPolicy.builder().ratio(1.0).minRetriesPerSecond(0).build(), ticker);
    budget.deposit();
    assertThat(budget.tryWithdraw()).isTrue();
    assertThat(budget.tryWithdraw()).isFalse();
    budget.refund();
    assertThat(budget.tryWithdraw()).isTrue();
  }

  @Test
  void concurrentWithdrawalsNeverOverspend() throws Exception {
    RetryBudget budget = RetryBudget.create(
        RetryBudgetPolicy.builder().ratio(0.2).minRetriesPerSecond(1).build(), ticker);
    for (int i = 0; i < 1000; i++) {
      budget.deposit();
    }
    AtomicInteger granted = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    CountDownLatch start = new CountDownLatch(1);
    for (int t = 0; t < 8; t++) {
      pool.execute(() -> {
        try {
          start.await();
        } catch (InterruptedException e) {
          return;
        }
        for (int i = 0; i < 200; i++) {
          if (budget.tryWithdraw()) {
            granted.incrementAndGet();
          }
        }
      });
    }
    start.countDown();
    pool.shutdown();
    assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    assertThat(granted.get()).isEqualTo(200 + 10);
  }

  @Test
  void anUnlimitedBudgetAlwaysGrants() {
    RetryBudget budget = RetryBudget.create(RetryBudgetPolicy.unlimited(), ticker);
    for (int i = 0; i < 10_000; i++) {
      assertThat(budget.tryWithdraw()).isTrue();
    }
  }

  @Test
  void invalidValuesFailAtBuildNamingTheField() {
    assertThatThrownBy(() -> RetryBudgetPolicy.builder().ratio(1.5).build()).hasMessageContaining("ratio");
    assertThatThrownBy(() -> RetryBudgetPolicy.builder().ratio(-0.1).build()).hasMessageContaining("ratio");
    assertThatThrownBy(() -> RetryBudgetPolicy.builder().minRetriesPerSecond(-1).build())
        .hasMessageContaining("minRetriesPerSecond");
    assertThatThrownBy(() -> RetryBudgetPolicy.builder().window(Duration.ofMillis(-5)).build())
        .hasMessageContaining("window");
  }
}
