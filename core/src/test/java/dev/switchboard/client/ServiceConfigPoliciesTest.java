package dev.switchboard.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.policy.CircuitBreakerPolicy;
import dev.switchboard.policy.ConcurrencyLimitPolicy;
import dev.switchboard.policy.RetryBudgetPolicy;
import dev.switchboard.policy.RetryPolicy;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ServiceConfigPoliciesTest {
  @Test
  void theSeedsMaxRetriesMapsOntoMaxAttempts() {
    ServiceConfig c = ServiceConfig.of("http://users:8000", Duration.ofSeconds(5), 3);
    assertThat(c.retryPolicy().maxAttempts()).isEqualTo(4);
    assertThat(c.maxRetries()).isEqualTo(3);
    assertThat(ServiceConfig.of("http://users:8000").retryPolicy().maxAttempts()).isEqualTo(3);
  }

  @Test
  void aRetryPolicyReplacesAnEarlierMaxRetriesAndALaterMaxRetriesAdjustsIt() {
    RetryPolicy p = RetryPolicy.builder().maxAttempts(5).perAttemptTimeout(Duration.ofMillis(100)).build();
    ServiceConfig c = ServiceConfig.builder().baseUrl("http://h").maxRetries(0).retryPolicy(p).build();
    assertThat(c.retryPolicy()).isSameAs(p);
    assertThat(c.maxRetries()).isEqualTo(4);
    ServiceConfig d = c.toBuilder().maxRetries(1).build();
    assertThat(d.retryPolicy().maxAttempts()).isEqualTo(2);
    assertThat(d.retryPolicy().perAttemptTimeout()).isEqualTo(Duration.ofMillis(100));
  }

  @Test
  void defaultsAreABudgetAndNoBreakerOrLimit() {
    ServiceConfig c = ServiceConfig.of("http://h");
    assertThat(c.retryBudget().enabled()).isTrue();
    assertThat(c.circuitBreaker().enabled()).isFalse();
    assertThat(c.concurrencyLimit().enabled()).isFalse();
  }

  @Test
  void toBuilderKeepsThePolicies() {
    ServiceConfig c = ServiceConfig.builder().baseUrl("http://h")
        .retryBudget(RetryBudgetPolicy.unlimited())
        .circuitBreaker(CircuitBreakerPolicy.defaults())
        .concurrencyLimit(ConcurrencyLimitPolicy.fixed(8)).build();
    ServiceConfig d = c.toBuilder().build();
    assertThat(d.retryBudget()).isSameAs(c.retryBudget());
    assertThat(d.circuitBreaker()).isSameAs(c.circuitBreaker());
    assertThat(d.concurrencyLimit()).isSameAs(c.concurrencyLimit());
    assertThat(d.retryPolicy()).isSameAs(c.retryPolicy());
  }

  @Test
  void maxRetriesOutOfRangeFailsNamingIt() {
    assertThatThrownBy(() -> ServiceConfig.builder().baseUrl("http://h").maxRetries(5).build())
        .hasMessageContaining("maxRetries");
    assertThatThrownBy(() -> ServiceConfig.builder().baseUrl("http://h").maxRetries(-1).build())
        .hasMessageContaining("maxRetries");
  }
}
