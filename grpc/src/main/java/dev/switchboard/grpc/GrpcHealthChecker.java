package dev.switchboard.grpc;

import dev.switchboard.endpoint.Endpoint;
import dev.switchboard.health.HealthCheckResult;
import dev.switchboard.health.HealthChecker;
import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * gRPC health v1 ({@code grpc.health.v1.Health/Check}) as a core {@link HealthChecker}, so gRPC
 * endpoints go through the same health layer as HTTP ones: interval and jitter, healthy/unhealthy
 * thresholds, the panic threshold, outlier ejection and {@code onHealthChange} telemetry.
 * Healthy when the server answers {@code SERVING} for {@link #serviceName()} within the timeout;
 * {@code NOT_SERVING}, {@code SERVICE_UNKNOWN}, an RPC error or a timeout is unhealthy.
 *
 * <pre>{@code
 * GrpcChannelOptions.builder()
 *     .balancing(BalancingPolicy.builder().policy("peak_ewma")
 *         .healthCheck(HealthCheckPolicy.builder(GrpcHealthChecker.v1(""))
 *             .interval(Duration.ofSeconds(2)).build())
 *         .build())
 *     .build();
 * }</pre>
 *
 * <p>Inside a Switchboard channel the probe travels over the endpoint's own subchannel (the
 * connection the calls use), so no extra connection is opened; an endpoint whose subchannel is not
 * connected is not probed at all (it is not offered to the balancer). Used elsewhere, it needs a
 * function giving a channel per endpoint ({@link #v1(String, Function)}).
 *
 * <p>Thread-safe and non-blocking: {@link #check} starts an async RPC and completes from
 * grpc-java's threads. It never throws and never completes exceptionally.
 */
public final class GrpcHealthChecker implements HealthChecker {
  private final String serviceName;
  private final Function<Endpoint, Channel> channels;

  private GrpcHealthChecker(String serviceName, Function<Endpoint, Channel> channels) {
    this.serviceName = Objects.requireNonNull(serviceName, "serviceName");
    this.channels = channels;
  }

  /**
   * A checker of {@code serviceName} ({@code ""} = the whole server) for use in a Switchboard
   * channel's {@code BalancingPolicy}; the channel supplies each endpoint's subchannel.
   */
  public static GrpcHealthChecker v1(String serviceName) {
    return new GrpcHealthChecker(serviceName, null);
  }

  /** A checker that probes over the channel {@code channels} returns for each endpoint (null: unhealthy). */
  public static GrpcHealthChecker v1(String serviceName, Function<Endpoint, Channel> channels) {
    return new GrpcHealthChecker(serviceName, Objects.requireNonNull(channels, "channels"));
  }

  /** The same check over other channels (the Switchboard balancer binds it to its subchannels). */
  public GrpcHealthChecker over(Function<Endpoint, Channel> channels) {
    return new GrpcHealthChecker(serviceName, Objects.requireNonNull(channels, "channels"));
  }

  /** The health v1 service name asked about. */
  public String serviceName() {
    return serviceName;
  }

  @Override
  public CompletableFuture<HealthCheckResult> check(Endpoint endpoint, Duration timeout) {
    CompletableFuture<HealthCheckResult> result = new CompletableFuture<>();
    Channel channel;
    try {
      channel = channels == null ? null : channels.apply(endpoint);
    } catch (RuntimeException e) {
      channel = null;
    }
    if (channel == null) {
      result.complete(HealthCheckResult.unhealthy("grpc.health.v1: no connection to " + endpoint.address()));
      return result;
    }
    try {
      HealthGrpc.newStub(channel)
          .withDeadlineAfter(timeout.toNanos(), TimeUnit.NANOSECONDS)
          .check(HealthCheckRequest.newBuilder().setService(serviceName).build(), new StreamObserver<>() {
            @Override
            public void onNext(HealthCheckResponse response) {
              HealthCheckResponse.ServingStatus s = response.getStatus();
              result.complete(s == HealthCheckResponse.ServingStatus.SERVING
                  ? HealthCheckResult.healthy("grpc.health.v1 " + quoted() + " SERVING")
                  : HealthCheckResult.unhealthy("grpc.health.v1 " + quoted() + " " + s));
            }

            @Override
            public void onError(Throwable t) {
              Status status = Status.fromThrowable(t);
              result.complete(HealthCheckResult.unhealthy("grpc.health.v1 " + quoted() + " failed: "
                  + status.getCode() + (status.getDescription() == null ? "" : " " + status.getDescription())));
            }

            @Override
            public void onCompleted() {
              result.complete(HealthCheckResult.unhealthy("grpc.health.v1 " + quoted() + ": no answer"));
            }
          });
    } catch (RuntimeException e) {
      result.complete(HealthCheckResult.unhealthy("grpc.health.v1 " + quoted() + " failed: " + e));
    }
    return result;
  }

  private String quoted() {
    return "\"" + serviceName + "\"";
  }

  @Override
  public String describe() {
    return "gRPC health v1 Check of " + quoted() + " expecting SERVING";
  }

  @Override
  public String toString() {
    return describe();
  }
}
