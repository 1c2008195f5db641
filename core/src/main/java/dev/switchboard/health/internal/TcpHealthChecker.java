package dev.switchboard.health.internal;

import dev.switchboard.endpoint.Endpoint;
import dev.switchboard.health.HealthCheckResult;
import dev.switchboard.health.HealthChecker;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.CompletionHandler;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Healthy when a TCP connection is accepted within the timeout; the connection is closed at once.
 * Uses NIO's asynchronous channels, so no thread waits on a connect. Thread-safe.
 */
public final class TcpHealthChecker implements HealthChecker {
  @Override
  public CompletableFuture<HealthCheckResult> check(Endpoint endpoint, Duration timeout) {
    CompletableFuture<HealthCheckResult> result = new CompletableFuture<>();
    AsynchronousSocketChannel channel;
    try {
      channel = AsynchronousSocketChannel.open();
      // Endpoint hosts are IP literals or names discovery already resolved, so this does not block long.
      InetSocketAddress address = new InetSocketAddress(endpoint.host(), endpoint.port());
      channel.connect(address, null, new CompletionHandler<Void, Void>() {
        @Override
        public void completed(Void v, Void attachment) {
          result.complete(HealthCheckResult.healthy("TCP connect accepted"));
        }

        @Override
        public void failed(Throwable t, Void attachment) {
          result.complete(HealthCheckResult.unhealthy("TCP connect failed: " + t.getClass().getSimpleName()
              + (t.getMessage() == null ? "" : " " + t.getMessage())));
        }
      });
    } catch (IOException | RuntimeException e) {
      return CompletableFuture.completedFuture(HealthCheckResult.unhealthy("TCP connect failed: " + e));
    }
    result.completeOnTimeout(HealthCheckResult.unhealthy("TCP connect timed out after " + timeout.toMillis() + " ms"),
        timeout.toNanos(), TimeUnit.NANOSECONDS);
    return result.whenComplete((r, e) -> {
      try {
        channel.close(); // also aborts a connect still pending after a timeout
      } catch (IOException ignored) {
        // nothing to do: the probe's verdict is already decided
      }
    });
  }

  @Override
  public String describe() {
    return "TCP connect";
  }
}
