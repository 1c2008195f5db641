package dev.switchboard.servlet;

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
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class CallContextServletFilterWithThreeHopsTest {
  private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String CALLER_SPAN = "00f067aa0ba902b7";
  private static final String TRACEPARENT = "00-" + TRACE_ID + "-" + CALLER_SPAN + "-01";

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private HttpResponse<String> callGateway(ServletThreeHops hops, String requestId, long budgetMs) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create(hops.gateway.baseUrl() + "/checkout"))
        .header("x-request-id", requestId)
        .header("traceparent", TRACEPARENT)
        .header("x-request-timeout-ms", Long.toString(budgetMs))
        .timeout(Duration.ofSeconds(20))
        .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void gatewayOrdersAndUsersShareIdsWhileRemainingTimeShrinks() throws Exception {
    try (ServletThreeHops hops = new ServletThreeHops(InboundOptions.defaults(), false);
        LogCapture logs = new LogCapture("hop")) {
      hops.usersFailFirstAttempt = true;

      HttpResponse<String> response = callGateway(hops, "servlet-hop-1", 5_000);

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).contains("ann");
      assertThat(response.headers().firstValue("x-request-id")).contains("servlet-hop-1");
      assertPropagated(hops, logs, "servlet-hop-1", false);
    }
  }

  @Test
  void theSameBindingWorksWhenTomcatRunsOnVirtualThreads() throws Exception {
    assumeTrue(Runtime.version().feature() >= 21, "virtual threads need JDK 21+");
    try (ServletThreeHops hops = new ServletThreeHops(InboundOptions.defaults(), true);
        LogCapture logs = new LogCapture("hop")) {
      hops.usersFailFirstAttempt = true;

      HttpResponse<String> response = callGateway(hops, "servlet-virtual-1", 5_000);

      assertThat(response.statusCode()).isEqualTo(200);
      assertPropagated(hops, logs, "servlet-virtual-1", true);
    }
  }

  private static void assertPropagated(ServletThreeHops hops, LogCapture logs, String id, boolean virtual) {
    assertThat(hops.gateway.seen).hasSize(1);
    assertThat(hops.orders.seen).hasSize(1);
    assertThat(hops.users.seen).hasSize(2);
    ServletHop.Seen gateway = hops.gateway.seen.get(0);
    ServletHop.Seen orders = hops.orders.seen.get(0);
    List<ServletHop.Seen> users = hops.users.seen;

    List<ServletHop.Seen> all = List.of(gateway, orders, users.get(0), users.get(1));
    assertThat(all).extracting(ServletHop.Seen::correlationId).containsOnly(id);
    assertThat(all).extracting(ServletHop.Seen::traceId).containsOnly(TRACE_ID);
    assertThat(all).extracting(ServletHop.Seen::mdcCorrelationId).containsOnly(id);
    assertThat(all).extracting(ServletHop.Seen::virtualThread).containsOnly(virtual);
    assertThat(gateway.spanId()).isEqualTo(CALLER_SPAN);
    Set<String> spans = all.stream().map(ServletHop.Seen::spanId).collect(Collectors.toSet());
    assertThat(spans).hasSize(4);
    assertThat(users).extracting(ServletHop.Seen::attempt).containsExactly(1, 2);

    assertThat(orders.remainingNanos()).isLessThan(gateway.remainingNanos());
    assertThat(users.get(0).remainingNanos()).isLessThan(orders.remainingNanos());
    assertThat(users.get(1).remainingNanos()).isLessThan(users.get(0).remainingNanos());

    assertThat(logs.events).extracting(ILoggingEvent::getLoggerName).contains("hop.gateway", "hop.orders", "hop.users");
    for (ILoggingEvent line : logs.events) {
      assertThat(line.getMDCPropertyMap())
          .containsEntry(ContextMdc.CORRELATION_ID, id)
          .containsEntry(ContextMdc.TRACE_ID, TRACE_ID);
    }
    assertThat(hops.gateway.leaks.get() + hops.orders.leaks.get() + hops.users.leaks.get()).isZero();
  }

  @Test
  void anExpiredBudgetNeverReachesUsersAndTheGatewayAnswers504() throws Exception {
    try (ServletThreeHops hops = new ServletThreeHops(InboundOptions.defaults(), false)) {
      assertThat(callGateway(hops, "warm-up", 10_000).statusCode()).isEqualTo(200);
      int usersArrivalsBefore = hops.users.arrivals.get();
      hops.ordersHold = new java.util.concurrent.CountDownLatch(1); // orders waits until the gateway gave up

      HttpResponse<String> response = callGateway(hops, "servlet-expired-1", 50);

      assertThat(response.statusCode()).isEqualTo(504);
      assertThat(hops.gatewayErrors).singleElement()
          .satisfies(e -> assertThat(e.kind()).isEqualTo(ErrorKind.DEADLINE_EXCEEDED));
      hops.ordersHold.countDown(); // orders goes on only now, after the gateway gave up
      await().atMost(Duration.ofSeconds(5)).until(() -> !hops.ordersErrors.isEmpty());
      assertThat(hops.ordersErrors).singleElement().satisfies(e -> {
        assertThat(e).isInstanceOf(DeadlineExceededException.class);
        assertThat(((DeadlineExceededException) e).local()).isTrue();
        assertThat(e.getMessage()).contains("servlet-expired-1");
      });
      assertThat(hops.users.arrivals.get()).isEqualTo(usersArrivalsBefore);
    }
  }
}
