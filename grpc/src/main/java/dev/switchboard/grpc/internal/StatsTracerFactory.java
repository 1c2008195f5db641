package dev.switchboard.grpc.internal;

import dev.switchboard.balancer.EndpointStats;
import dev.switchboard.errors.ErrorKind;
import dev.switchboard.grpc.GrpcErrors;
import dev.switchboard.time.Ticker;
import io.grpc.ClientStreamTracer;
import io.grpc.Metadata;
import io.grpc.Status;
import java.time.Duration;

/**
 * Feeds one endpoint's {@link EndpointStats} from the streams sent to it: in-flight count at stream
 * creation, latency and server-fault outcome at close, and server pushback
 * ({@code grpc-retry-pushback-ms}, {@code RESOURCE_EXHAUSTED}) as a back-off. This is what
 * load-aware policies (least_request, peak_ewma) and outlier detection read, exactly as on HTTP.
 *
 * <p>Thread-safe; one factory per endpoint per picker generation, no allocation but the tracer.
 */
final class StatsTracerFactory extends ClientStreamTracer.Factory {
  private final EndpointStats stats;
  private final Ticker ticker;

  StatsTracerFactory(EndpointStats stats, Ticker ticker) {
    this.stats = stats;
    this.ticker = ticker;
  }

  @Override
  public ClientStreamTracer newClientStreamTracer(ClientStreamTracer.StreamInfo info, Metadata headers) {
    return new Tracer(stats, ticker);
  }

  private static final class Tracer extends ClientStreamTracer {
    private final EndpointStats stats;
    private final Ticker ticker;
    private final long start;
    private volatile Metadata trailers;

    Tracer(EndpointStats stats, Ticker ticker) {
      this.stats = stats;
      this.ticker = ticker;
      this.start = ticker.nanoTime();
      stats.onStart();
    }

    @Override
    public void inboundTrailers(Metadata trailers) {
      this.trailers = trailers;
    }

    @Override
    public void streamClosed(Status status) {
      long now = ticker.nanoTime();
      boolean serverFault = false;
      if (!status.isOk()) {
        ErrorKind kind = GrpcErrors.kind(status.getCode());
        serverFault = kind != null && kind.serverFault();
        Duration pushback = GrpcErrors.pushback(trailers);
        if (pushback != null && !pushback.isNegative()) {
          stats.backOffUntil(now + pushback.toNanos());
        }
      }
      stats.onEnd(now - start, serverFault);
    }
  }
}
