package dev.switchboard.http.server;

import dev.switchboard.testing.LogCapture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.switchboard.context.ContextMdc;
import dev.switchboard.context.InboundOptions;
import dev.switchboard.errors.DeadlineExceededException;
import dev.switchboard.errors.ErrorKind;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class CallContextFilterWithThreeHopsTest {
  private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String CALLER_SPAN = "00f067aa0ba902b7";
  private static final String TRACEPARENT = "00-" + TRACE_ID + "-" + CALLER_SPAN + "-01";

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private HttpResponse<String> callGateway(ThreeHops hops, String requestId, long budgetMs) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create(hops.gateway.baseUrl() + "/checkout"))
        .header("x-request-id", requestId)
        .header("traceparent", TRACEPARENT)
        .header("tracestate", "congo=t61rcWkgMzE")
        .header("x-request-timeout-ms", Long.toString(budgetMs))
        .timeout(Duration.ofSeconds(20))
        .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static Supplier<ExecutorService> platformThreads() {
    return () -> Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "hop-server");
      t.setDaemon(true);
      return t;
    });
  }

  @Test
  void gatewayOrdersAndUsersShareIdsWhileRemainingTimeShrinks() throws Exception {
    try (ThreeHops hops = new ThreeHops(InboundOptions.defaults(), platformThreads());
        LogCapture logs = new LogCapture("hop")) {
      hops.usersFailFirstAttempt = true; // orders retries, so users sees two attempts

      HttpResponse<String> response = callGateway(hops, "three-hop-1", 5_000);

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).contains("ann");
      assertThat(response.headers().firstValue("x-request-id")).contains("three-hop-1");
      assertPropagated(hops, logs, "three-hop-1", false);
    }
  }

  @Test
  void theSameBindingWorksWhenServersRunOnVirtualThreads() throws Exception {
    Supplier<ExecutorService> virtual = virtualThreadExecutors();
    assumeTrue(virtual != null, "virtual threads need JDK 21+");
    try (ThreeHops hops = new ThreeHops(InboundOptions.defaults(), virtual);
        LogCapture logs = new LogCapture("hop")) {
      hops.usersFailFirstAttempt = true;

      HttpResponse<String> response = callGateway(hops, "virtual-1", 5_000);

      assertThat(response.statusCode()).isEqualTo(200);
      assertPropagated(hops, logs, "virtual-1", true);
    }
  }

  private static void assertPropagated(ThreeHops hops, LogCapture logs, String id, boolean virtual) {
    Hop.Seen gateway = hops.gateway.seen.get(0);
    Hop.Seen orders = hops.orders.seen.get(0);
    List<Hop.Seen> users = hops.users.seen;
    assertThat(hops.gateway.seen).hasSize(1);
    assertThat(hops.orders.seen).hasSize(1);
    assertThat(users).hasSize(2);

    List<Hop.Seen> all = List.of(gateway, orders, users.get(0), users.get(1));
    assertThat(all).extracting(Hop.Seen::correlationId).containsOnly(id);
    assertThat(all).extracting(Hop.Seen::traceId).containsOnly(TRACE_ID);
    assertThat(all).extracting(Hop.Seen::mdcCorrelationId).containsOnly(id);
    assertThat(all).extracting(Hop.Seen::virtualThread).containsOnly(virtual);
    // The gateway sees the caller's span; every outbound attempt after that has a span of its own.
    assertThat(gateway.spanId()).isEqualTo(CALLER_SPAN);
    Set<String> spans = all.stream().map(Hop.Seen::spanId).collect(Collectors.toSet());
    assertThat(spans).hasSize(4);
    assertThat(users).extracting(Hop.Seen::attempt).containsExactly(1, 2);
    assertThat(orders.attempt()).isEqualTo(1);

    assertThat(orders.remainingNanos()).isLessThan(gateway.remainingNanos());
    assertThat(users.get(0).remainingNanos()).isLessThan(orders.remainingNanos());
    assertThat(users.get(1).remainingNanos()).isLessThan(users.get(0).remainingNanos());
    assertThat(gateway.remainingNanos()).isLessThanOrEqualTo(Duration.ofMillis(5_000).toNanos());

    List<ILoggingEvent> lines = logs.events;
    assertThat(lines).extracting(ILoggingEvent::getLoggerName)
        .contains("hop.gateway", "hop.orders", "hop.users");
    for (ILoggingEvent line : lines) {
      assertThat(line.getMDCPropertyMap())
          .containsEntry(ContextMdc.CORRELATION_ID, id)
          .containsEntry(ContextMdc.TRACE_ID, TRACE_ID)
          .containsKey(ContextMdc.SPAN_ID);
    }
    assertThat(hops.gateway.leaks.get() + hops.orders.leaks.get() + hops.users.leaks.get()).isZero();
  }

  @Test
  void anExpiredBudgetNeverReachesUsersAndTheGatewayAnswers504() throws Exception {
    try (ThreeHops hops = new ThreeHops(InboundOptions.defaults(), platformThreads())) {
      assertThat(callGateway(hops, "warm-up", 10_000).statusCode()).isEqualTo(200); // loads classes, opens connections
      int usersArrivalsBefore = hops.users.arrivals.get();
      hops.ordersHold = new java.util.concurrent.CountDownLatch(1); // orders waits until the gateway gave up

      HttpResponse<String> response = callGateway(hops, "expired-1", 50);

      assertThat(response.statusCode()).isEqualTo(504);
      assertThat(response.headers().firstValue("x-request-id")).contains("expired-1");
      assertThat(hops.gatewayErrors).singleElement()
          .satisfies(e -> assertThat(e.kind()).isEqualTo(ErrorKind.DEADLINE_EXCEEDED));
      // Orders goes on only now, after the gateway gave up; its call to users fails locally.
      hops.ordersHold.countDown();
      await().atMost(Duration.ofSeconds(5)).until(() -> !hops.ordersErrors.isEmpty());
      assertThat(hops.ordersErrors).singleElement().satisfies(e -> {
        assertThat(e).isInstanceOf(DeadlineExceededException.class);
        assertThat(((DeadlineExceededException) e).local()).isTrue();
        assertThat(e.getMessage()).contains("expired-1");
      });
      assertThat(hops.users.arrivals.get()).isEqualTo(usersArrivalsBefore);
      assertThat(hops.users.seen).extracting(Hop.Seen::correlationId).doesNotContain("expired-1");
    }
  }

  /** {@code Executors::newVirtualThreadPerTaskExecutor} on JDK 21+, found reflectively (we compile for 17). */
  static Supplier<ExecutorService> virtualThreadExecutors() {
    try {
      java.lang.reflect.Method factory = Executors.class.getMethod("newVirtualThreadPerTaskExecutor");
      return () -> {
        try {
          return (ExecutorService) factory.invoke(null);
        } catch (ReflectiveOperationException e) {
          throw new IllegalStateException(e);
        }
      };
    } catch (NoSuchMethodException e) {
      return null;
    }
  }

}
