package dev.switchboard.servlet;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.client.ServiceConfig;
import dev.switchboard.context.InboundOptions;
import dev.switchboard.errors.ErrorKind;
import dev.switchboard.errors.ServiceCallException;
import dev.switchboard.http.HttpServiceClient;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * gateway → orders → users on three embedded Tomcats, each behind {@link CallContextServletFilter},
 * each calling the next through {@link HttpServiceClient}. Servlets log one line each ("hop.*").
 */
final class ServletThreeHops implements AutoCloseable {
  private static final Logger GATEWAY_LOG = LoggerFactory.getLogger("hop.gateway");
  private static final Logger ORDERS_LOG = LoggerFactory.getLogger("hop.orders");
  private static final Logger USERS_LOG = LoggerFactory.getLogger("hop.users");

  final ServletHop users;
  final ServletHop orders;
  final ServletHop gateway;
  final HttpServiceClient usersClient;
  final HttpServiceClient ordersClient;
  final List<ServiceCallException> ordersErrors = new CopyOnWriteArrayList<>();
  final List<ServiceCallException> gatewayErrors = new CopyOnWriteArrayList<>();
  /**
   * When set, orders holds each request until the test releases it, then calls users: the issue's
   * "pause in orders", ended by the test (after the gateway gave up) instead of by a clock.
   */
  volatile CountDownLatch ordersHold;
  volatile boolean usersFailFirstAttempt;

  ServletThreeHops(InboundOptions options, boolean virtualThreads) throws Exception {
    users = ServletHop.start("users", options, virtualThreads, (req, resp, seen) -> {
      USERS_LOG.info("users handling attempt {}", seen.attempt());
      if (usersFailFirstAttempt && seen.attempt() == 1) {
        ServletHop.send(resp, 503, "{\"error\":\"try again\"}");
      } else {
        ServletHop.send(resp, 200, "{\"id\":\"7\",\"name\":\"ann\"}");
      }
    });
    usersClient = new HttpServiceClient(client("users", users));
    orders = ServletHop.start("orders", options, virtualThreads, (req, resp, seen) -> {
      ORDERS_LOG.info("orders handling");
      holdIfAsked(ordersHold);
      forward(resp, usersClient, "/users/7", ordersErrors);
    });
    ordersClient = new HttpServiceClient(client("orders", orders));
    gateway = ServletHop.start("gateway", options, virtualThreads, (req, resp, seen) -> {
      GATEWAY_LOG.info("gateway handling");
      forward(resp, ordersClient, "/orders/1", gatewayErrors);
    });
  }

  private static ServiceConfig client(String name, ServletHop hop) {
    return ServiceConfig.builder().name(name).baseUrl(hop.baseUrl()).timeout(Duration.ofSeconds(10)).maxRetries(2).build();
  }

  private static void forward(HttpServletResponse resp, HttpServiceClient next, String path,
      List<ServiceCallException> errors) throws IOException {
    try {
      JsonNode body = next.getJson(path);
      ServletHop.send(resp, 200, body.toString());
    } catch (ServiceCallException e) {
      errors.add(e);
      ServletHop.send(resp, e.kind() == ErrorKind.DEADLINE_EXCEEDED ? 504 : 502, "{\"error\":\"" + e.kind() + "\"}");
    }
  }

  /** Waits for {@code hold} to be released (at most 10 s, so a failed test cannot hang the build). */
  private static void holdIfAsked(CountDownLatch hold) {
    if (hold == null) {
      return;
    }
    try {
      hold.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    gateway.close();
    orders.close();
    users.close();
    ordersClient.close();
    usersClient.close();
  }
}
