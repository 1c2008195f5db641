package dev.switchboard.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CallContextTest {
  private final ExecutorService pool = Executors.newSingleThreadExecutor();

  @AfterEach
  void stop() {
    pool.shutdownNow();
  }

  @Test
  void attachBindsAndCloseRestoresThePreviousContext() {
    CallContext outer = CallContext.empty().withCorrelationId("outer");
    CallContext inner = CallContext.empty().withCorrelationId("inner");
    try (CallContext.Scope a = outer.attach()) {
      try (CallContext.Scope b = inner.attach()) {
        assertThat(CallContext.current().correlationId()).contains("inner");
      }
      assertThat(CallContext.current().correlationId()).contains("outer");
    }
    assertThat(CallContext.current()).isSameAs(CallContext.empty());
  }

  @Test
  void wrappedTasksSeeTheContextCurrentAtWrapTime() throws Exception {
    Runnable r;
    java.util.concurrent.Callable<String> c;
    try (CallContext.Scope s = CallContext.empty().withCorrelationId("abc").attach()) {
      String[] seen = new String[1];
      r = CallContext.wrap((Runnable) () -> seen[0] = CallContext.current().correlationId().orElse(null));
      c = CallContext.wrap(() -> CallContext.current().correlationId().orElse("none"));
      pool.submit(r).get(5, TimeUnit.SECONDS);
      assertThat(seen[0]).isEqualTo("abc");
    }
    assertThat(pool.submit(c).get(5, TimeUnit.SECONDS)).isEqualTo("abc");
    assertThat(pool.submit(() -> CallContext.current().correlationId().orElse("none")).get(5, TimeUnit.SECONDS))
        .isEqualTo("none");
  }

  @Test
  void wrappedExecutorCapturesAtSubmitTime() throws Exception {
    java.util.concurrent.Executor wrapped = CallContext.wrap((java.util.concurrent.Executor) pool);
    java.util.concurrent.CompletableFuture<String> seen = new java.util.concurrent.CompletableFuture<>();
    try (CallContext.Scope s = CallContext.empty().withCorrelationId("submit-time").attach()) {
      wrapped.execute(() -> seen.complete(CallContext.current().correlationId().orElse("none")));
    }
    assertThat(seen.get(5, TimeUnit.SECONDS)).isEqualTo("submit-time");
    Future<?> after = pool.submit(() -> assertThat(CallContext.current()).isSameAs(CallContext.empty()));
    after.get(5, TimeUnit.SECONDS);
  }

  @Test
  void extensionsAreTypedAndImmutable() {
    ContextKey<Integer> tenant = ContextKey.named("tenant");
    CallContext a = CallContext.empty().with(tenant, 7);
    assertThat(a.get(tenant)).contains(7);
    assertThat(CallContext.empty().get(tenant)).isEmpty();
    assertThat(a.with(tenant, null).get(tenant)).isEmpty();
  }

  @Test
  void invalidCorrelationIdIsRejected() {
    assertThatThrownBy(() -> CallContext.empty().withCorrelationId("a b"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("\"a b\"");
    assertThat(CorrelationId.isValid("x".repeat(128))).isTrue();
    assertThat(CorrelationId.isValid("x".repeat(129))).isFalse();
    assertThat(CorrelationId.validOrNew("ok-1.2:3_4")).isEqualTo("ok-1.2:3_4");
    assertThat(CorrelationId.validOrNew("bad\r\nid")).hasSize(32).matches("[0-9a-f]+");
  }
}
