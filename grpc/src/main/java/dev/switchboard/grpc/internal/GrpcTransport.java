package dev.switchboard.grpc.internal;

import dev.switchboard.context.CallContext;
import dev.switchboard.errors.DeadlineExceededException;
import dev.switchboard.errors.ErrorKind;
import dev.switchboard.errors.ProtocolException;
import dev.switchboard.errors.ServiceCallException;
import dev.switchboard.errors.TransportException;
import dev.switchboard.grpc.GrpcErrors;
import dev.switchboard.pipeline.Attempt;
import dev.switchboard.pipeline.Request;
import dev.switchboard.pipeline.Response;
import dev.switchboard.pipeline.ResponseClassifier;
import dev.switchboard.pipeline.Transport;
import dev.switchboard.telemetry.CallInfo;
import dev.switchboard.time.Deadline;
import io.grpc.CallOptions;
import io.grpc.Metadata;
import io.grpc.Status;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The gRPC transport of the call pipeline: sends one attempt of a unary or server-streaming call as
 * its own grpc-java call, on the subchannel of the endpoint core picked
 * ({@link SubchannelRouter#ENDPOINT}), replaying the caller's buffered message
 * ({@link BufferedCall}, carried as the request's {@linkplain Request#payload() payload}).
 *
 * <ul>
 *   <li><b>Metadata:</b> the caller's, then any header a filter added to the request, then the
 *       attempt's propagation headers ({@link Headers#writeOutbound}).
 *   <li><b>Deadline:</b> the attempt's ({@link Attempt#deadline()}: the call's, or a per-attempt
 *       timeout's) less the margin, sent as {@code grpc-timeout}; grpc-java also ends the attempt
 *       there.
 *   <li><b>Outcome:</b> the attempt completes ("commits") at the first response header or message,
 *       or at its close; a failed close is classified by {@link GrpcErrors}.
 * </ul>
 *
 * <p>Thread-safe and stateless but for a cache of metadata keys.
 */
public final class GrpcTransport implements Transport {
  /** A committed gRPC response is a success: the transport reports failures itself. */
  public static final ResponseClassifier CLASSIFIER = response -> null;

  private static final long SLACK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
  private static final Map<String, Metadata.Key<String>> KEYS = new ConcurrentHashMap<>();

  private final ChannelLink link;
  private final long marginNanos;

  /** @param margin subtracted from each attempt's remaining time: room for the answer to come back */
  public GrpcTransport(ChannelLink link, Duration margin) {
    this.link = link;
    this.marginNanos = margin.toNanos();
  }

  /** gRPC: telemetry follows the RPC conventions and names a call by its full method name. */
  @Override
  public String protocol() {
    return CallInfo.GRPC;
  }

  @Override
  public CompletableFuture<Response> send(Attempt attempt, Request request) {
    if (!(request.payload() instanceof BufferedCall<?, ?> call)) {
      return CompletableFuture.failedFuture(new ProtocolException(ErrorKind.PROTOCOL_ERROR,
          "the gRPC transport sends only calls made through SwitchboardClientInterceptor; "
              + "a filter replaced the request's payload", null));
    }
    Deadline deadline = attempt.deadline().orElse(null);
    io.grpc.Deadline grpcDeadline = null;
    if (deadline != null) {
      long remaining = deadline.remainingNanos() - marginNanos;
      if (remaining <= 0) {
        return CompletableFuture.failedFuture(new DeadlineExceededException("no time left to send attempt "
            + attempt.number() + " within the " + TimeUnit.NANOSECONDS.toMillis(marginNanos) + " ms margin",
            attempt.number() == 1));
      }
      grpcDeadline = io.grpc.Deadline.after(remaining, TimeUnit.NANOSECONDS);
    }
    return launch(call, attempt, request, grpcDeadline);
  }

  private <ReqT, RespT> CompletableFuture<Response> launch(BufferedCall<ReqT, RespT> call, Attempt attempt,
      Request request, io.grpc.Deadline deadline) {
    CallOptions options = call.callOptions();
    if (deadline != null || options.getDeadline() != null) {
      options = options.withDeadline(deadline); // the pipeline's, which already includes the caller's
    }
    options = link.isChannelEndpoint(attempt.endpoint())
        ? options.withOption(SubchannelRouter.LINK, link) // the channel's own balancer picks
        : options.withOption(SubchannelRouter.ENDPOINT, attempt.endpoint());
    return call.launch(new AttemptStream<>(call, this, attempt, options, headers(attempt, request, call.headers())));
  }

  private static Metadata headers(Attempt attempt, Request request, Metadata caller) {
    Metadata headers = new Metadata();
    boolean fresh = (caller == null || caller.keys().isEmpty()) && request.headers().isEmpty();
    if (caller != null) {
      headers.merge(caller);
    }
    for (Map.Entry<String, List<String>> h : request.headers().entrySet()) {
      if (!h.getKey().endsWith(Metadata.BINARY_HEADER_SUFFIX)) { // binary values cannot ride as strings
        Metadata.Key<String> key = KEYS.computeIfAbsent(h.getKey().toLowerCase(Locale.ROOT),
            n -> Metadata.Key.of(n, Metadata.ASCII_STRING_MARSHALLER));
        headers.discardAll(key);
        h.getValue().forEach(v -> headers.put(key, v));
      }
    }
    CallContext context = attempt.context();
    Headers.writeOutbound(headers, !fresh, context.correlationId().orElseThrow(), context.trace().orElseThrow(),
        attempt.number(), attempt.hedge());
    return headers;
  }

  /**
   * The failure a closed, uncommitted attempt reports, or null when the pipeline's own deadline
   * must decide: grpc-java ends an attempt at the call's deadline less the margin, so a
   * {@code DEADLINE_EXCEEDED} then is the call's deadline arriving; the pipeline's deadline fires
   * a margin later and ends the call (and judges it) exactly as on HTTP. A deadline of a
   * per-attempt timeout is a retryable {@code TIMEOUT}, as on HTTP.
   */
  ServiceCallException classify(Attempt attempt, Status status, Metadata trailers) {
    if (status.getCode() == Status.Code.DEADLINE_EXCEEDED) {
      Deadline own = attempt.context().deadline().orElse(null);
      Deadline whole = attempt.call().deadline().orElse(null);
      if (own != null && own.remainingNanos() <= marginNanos + SLACK_NANOS) {
        if (own != whole && (whole == null || whole.remainingNanos() > own.remainingNanos() + SLACK_NANOS)) {
          return new TransportException(ErrorKind.TIMEOUT, "attempt " + attempt.number() + " to "
              + attempt.endpoint().address() + " timed out (per-attempt timeout)", false, null);
        }
        return null;
      }
    }
    return GrpcErrors.toException(status, trailers);
  }
}
