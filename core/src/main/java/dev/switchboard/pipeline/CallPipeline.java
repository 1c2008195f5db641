package dev.switchboard.pipeline;

import dev.switchboard.client.Destination;
import dev.switchboard.client.ServiceConfig;
import dev.switchboard.context.CallContext;
import dev.switchboard.context.ContextFuture;
import dev.switchboard.context.CorrelationId;
import dev.switchboard.context.TraceContext;
import dev.switchboard.errors.CancelledCallException;
import dev.switchboard.errors.DeadlineExceededException;
import dev.switchboard.errors.ServiceCallException;
import dev.switchboard.internal.DeadlineTimer;
import dev.switchboard.internal.EndpointAttempt;
import dev.switchboard.internal.HttpStatusClassifier;
import dev.switchboard.internal.RealChain;
import dev.switchboard.internal.SharedScheduler;
import dev.switchboard.policy.DestinationPolicies;
import dev.switchboard.policy.internal.AttemptScheduler;
import dev.switchboard.policy.internal.BreakerFilter;
import dev.switchboard.policy.internal.HedgingScheduler;
import dev.switchboard.policy.internal.LimitFilter;
import dev.switchboard.time.Deadline;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;

/**
 * The whole call path of a client, in one place. Reading {@link #assemble} top to bottom is
 * reading what happens to every call:
 *
 * <pre>
 *   execute(request)         CallContext: deadline = min(timeout, inbound deadline), ids ensured
 *     user filters           ServiceConfig.addFilter(...), outermost first
 *     circuit breaker        fail fast with CIRCUIT_OPEN; judges each call's final outcome
 *     concurrency limit      one slot per call (retries included); bounded wait, CONCURRENCY_LIMITED
 *     attempt scheduler      retries: policy conditions, idempotency, maxAttempts, jittered backoff
 *                            inside the deadline, one RetryBudget per destination (hedges share it);
 *                            with a HedgingPolicy, HedgingScheduler runs hedges (after the
 *                            destination's hedge delay, to unused endpoints, losers cancelled) and
 *                            retries together, and leaves calls it does not hedge to the retries
 *     endpoint attempt       pick (excluding tried and backing-off) → stats → transport → classify
 * </pre>
 *
 * <p>Why this order: the breaker and the limit sit outside the retries so that a call that is
 * refused costs nothing, a retry never needs a second slot, and the breaker judges what the caller
 * saw. Retries sit outside the attempt so each one picks again, away from endpoints already tried.
 *
 * <p>Thread-safe: one pipeline serves every call of a client concurrently. No step blocks.
 */
public final class CallPipeline {
  private final ServiceConfig config;
  private final List<Filter> filters;
  private final BiFunction<Call, Request, CompletableFuture<Response>> terminal;
  private final ScheduledExecutorService scheduler = SharedScheduler.get();
  private final DestinationPolicies policies;

  private CallPipeline(ServiceConfig config, List<Filter> filters,
      BiFunction<Call, Request, CompletableFuture<Response>> terminal, DestinationPolicies policies) {
    this.config = config;
    this.filters = List.copyOf(filters);
    this.terminal = terminal;
    this.policies = policies;
  }

  /** Assembles the pipeline for {@code destination}, sending attempts through {@code transport}. */
  public static CallPipeline assemble(ServiceConfig config, Destination destination, Transport transport) {
    DestinationPolicies policies = DestinationPolicies.create(config, SharedScheduler.get());
    List<Filter> filters = new ArrayList<>();
    filters.addAll(config.filters());                                          // 1. user filters
    policies.circuitBreaker().ifPresent(b -> filters.add(new BreakerFilter(b))); // 2. breaker
    policies.concurrencyLimit().ifPresent(l -> filters.add(new LimitFilter(l))); // 3. limit
    AttemptScheduler retries = new AttemptScheduler(config.retryPolicy(), policies.retryBudget());
    filters.add(policies.hedgeDelay()                                          // 4. hedges + retries
        .<Filter>map(delay -> new HedgingScheduler(config.hedgingPolicy(), config.retryPolicy(),
            policies.retryBudget(), delay, retries))
        .orElse(retries));
    EndpointAttempt attempt = new EndpointAttempt(                             // 5. one attempt
        destination::picker, destination.stats(), transport, new HttpStatusClassifier(),
        config.retryPolicy().perAttemptTimeout());
    return new CallPipeline(config, filters, awaitingDiscovery(destination, attempt), policies);
  }

  /** This client's per-destination resilience state: retry budget, breaker, limit. */
  public DestinationPolicies policies() {
    return policies;
  }

  /** Runs {@code request} through the pipeline. The future fails with a ServiceCallException. */
  public CompletableFuture<Response> execute(Request request) {
    return execute(request, response -> response);
  }

  /**
   * Runs {@code request} and decodes the successful response inside the call, so a decoding
   * failure is reported with the same call details (endpoint, attempts, correlation id) as any
   * other failure.
   */
  public <T> CompletableFuture<T> execute(Request request, ResponseDecoder<T> decoder) {
    return execute(request, decoder, false);
  }

  /**
   * Runs {@code request} for a caller that waits for the answer: the blocking API. Unless the call
   * may be hedged, its first attempt's exchange runs on the caller's own thread (which would
   * otherwise sit idle in a wait) instead of being handed to an I/O thread: one thread hand-off
   * less per call. Returns the value or throws the {@link ServiceCallException}; an interrupt
   * cancels the call.
   */
  public <T> T executeBlocking(Request request, ResponseDecoder<T> decoder) {
    boolean hedged = config.hedgingPolicy().enabled() && config.hedgingPolicy().appliesTo(request);
    return await(execute(request, decoder, !hedged)); // a losing inline attempt could not be cancelled
  }

  private <T> CompletableFuture<T> execute(Request request, ResponseDecoder<T> decoder, boolean inline) {
    CallContext ambient = CallContext.current();
    Deadline deadline = Deadline.after(config.timeout(), config.ticker())
        .earliest(ambient.deadline().orElse(null));
    CallContext context = ambient.forOutbound(deadline, correlationId(request, ambient),
        ambient.trace().orElseGet(TraceContext::newRoot));
    Call call = new Call(config.name(), request, config.ticker(), deadline, context,
        config.telemetry(), scheduler);
    call.telemetry().onCallStart(call.info());
    // Continuations of the returned future run with the caller's context, even on transport threads.
    CompletableFuture<T> result = new ContextFuture<>(ambient);
    result.whenComplete((r, e) -> call.finish()); // also covers the caller cancelling
    if (deadline.isExpired()) {
      fail(call, result, new DeadlineExceededException(
          "deadline expired before the call started; nothing was sent", true));
      return result;
    }
    DeadlineTimer.Timeout timer = DeadlineTimer.shared().schedule(
        () -> fail(call, result, new DeadlineExceededException(
            "deadline of " + config.timeout().toMillis() + " ms (or the caller's) exceeded", false)),
        deadline.remainingNanos());
    if (inline) {
      call.allowInlineOn(Thread.currentThread());
    }
    CompletableFuture<Response> chain;
    try {
      chain = new RealChain(filters, 0, call, terminal).proceed(request);
    } finally {
      call.allowInlineOn(null); // only the synchronous part runs on the caller's thread
    }
    chain.whenComplete((response, error) -> {
      timer.cancel();
      if (error == null) {
        T value;
        try {
          value = decoder.decode(response);
        } catch (RuntimeException e) {
          fail(call, result, e);
          return;
        }
        succeed(call, result, value);
      } else {
        fail(call, result, error);
      }
    });
    return result;
  }

  /**
   * The call's correlation id: a valid {@code x-request-id} the caller set on this request wins,
   * then the inbound (bound) one, else a new one. An invalid header value is replaced, never sent.
   */
  private static String correlationId(Request request, CallContext ambient) {
    String explicit = request.header(dev.switchboard.context.WireHeaders.REQUEST_ID);
    if (CorrelationId.isValid(explicit)) {
      return explicit;
    }
    return ambient.correlationId().orElseGet(CorrelationId::generate);
  }

  /**
   * Waits for {@code future} the blocking way: returns its value or throws its
   * {@link ServiceCallException}; an interrupt cancels the call and throws {@code CANCELLED}.
   */
  public static <T> T await(CompletableFuture<T> future) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      throw new CancelledCallException("interrupted while waiting for the call", e);
    } catch (ExecutionException e) {
      throw rethrow(e.getCause());
    } catch (CancellationException e) {
      throw new CancelledCallException("call cancelled", e);
    }
  }

  private static RuntimeException rethrow(Throwable t) {
    if (t instanceof RuntimeException re) {
      return re;
    }
    if (t instanceof Error err) {
      throw err;
    }
    return new CompletionException(t);
  }

  private static <T> void succeed(Call call, CompletableFuture<T> result, T value) {
    if (result.complete(value)) {
      call.telemetry().onCallEnd(call.info(), call.elapsed(), null);
    }
  }

  private static void fail(Call call, CompletableFuture<?> result, Throwable error) {
    if (result.isDone()) {
      return;
    }
    Throwable cause = error;
    while (cause instanceof CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof ServiceCallException sce) {
      sce.completeWith(call.details());
      call.telemetry().onCallEnd(call.info(), call.elapsed(), sce);
    }
    result.completeExceptionally(cause);
  }

  /** Holds attempts until discovery has answered once, at most the initial resolution timeout. */
  private static BiFunction<Call, Request, CompletableFuture<Response>> awaitingDiscovery(
      Destination destination, EndpointAttempt attempt) {
    return (call, request) -> {
      if (destination.isReady()) {
        return attempt.apply(call, request);
      }
      CompletableFuture<Void> ready = destination.ready().copy();
      ScheduledFuture<?> giveUp = call.scheduler().schedule(
          () -> ready.completeExceptionally(destination.notResolvedError()),
          destination.config().initialResolutionTimeout().toNanos(), TimeUnit.NANOSECONDS);
      return ready.thenCompose(v -> {
        giveUp.cancel(false);
        return attempt.apply(call, request);
      });
    };
  }
}
