package dev.switchboard.context;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ContextFutureTest {
  private final ExecutorService transport = Executors.newSingleThreadExecutor();

  @AfterEach
  void stop() {
    transport.shutdownNow();
  }

  private static String id() {
    return CallContext.current().correlationId().orElse("none");
  }

  @Test
  void continuationsOnTheCompletingThreadSeeTheCapturedContext() throws Exception {
    ContextFuture<String> future;
    CompletableFuture<String> applied;
    CompletableFuture<String> composed;
    CompletableFuture<String> handled = new CompletableFuture<>();
    CompletableFuture<String> async;
    try (CallContext.Scope s = CallContext.empty().withCorrelationId("caller-1").attach()) {
      future = ContextFuture.capturingCurrent();
      applied = future.thenApply(v -> v + ":" + id() + ":" + Thread.currentThread().getName());
      composed = future.thenCompose(v -> CompletableFuture.completedFuture(id())).thenApply(v -> v + "/" + id());
      future.whenComplete((v, e) -> handled.complete(id()));
      async = future.thenApplyAsync(v -> id());
    }
    assertThat(id()).isEqualTo("none");
    transport.execute(() -> future.complete("v")); // a transport thread with no context of its own
    assertThat(applied.get(5, TimeUnit.SECONDS)).startsWith("v:caller-1:").doesNotContain("main");
    assertThat(composed.get(5, TimeUnit.SECONDS)).isEqualTo("caller-1/caller-1");
    assertThat(handled.get(5, TimeUnit.SECONDS)).isEqualTo("caller-1");
    assertThat(async.get(5, TimeUnit.SECONDS)).isEqualTo("caller-1");
    assertThat(transport.submit(ContextFutureTest::id).get(5, TimeUnit.SECONDS)).isEqualTo("none");
  }

  @Test
  void failureAndCancellationRunDependentsWithTheContext() throws Exception {
    ContextFuture<String> failing = new ContextFuture<>(CallContext.empty().withCorrelationId("f"));
    CompletableFuture<String> recovered = failing.exceptionally(e -> id());
    ContextFuture<String> cancelled = new ContextFuture<>(CallContext.empty().withCorrelationId("c"));
    CompletableFuture<String> onCancel = cancelled.handle((v, e) -> id());
    transport.execute(() -> failing.completeExceptionally(new IllegalStateException()));
    transport.execute(() -> cancelled.cancel(true));
    assertThat(recovered.get(5, TimeUnit.SECONDS)).isEqualTo("f");
    assertThat(onCancel.get(5, TimeUnit.SECONDS)).isEqualTo("c");
  }

  @Test
  void dependentFuturesAreContextFuturesToo() {
    ContextFuture<String> f = new ContextFuture<>(CallContext.empty().withCorrelationId("x"));
    assertThat(f.thenApply(v -> v)).isInstanceOf(ContextFuture.class);
    assertThat(((ContextFuture<?>) f.thenApply(v -> v)).context().correlationId()).contains("x");
  }
}
