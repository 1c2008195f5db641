package dev.switchboard.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.switchboard.client.Destination;
import dev.switchboard.client.ServiceConfig;
import dev.switchboard.endpoint.Endpoint;
import dev.switchboard.errors.DeadlineExceededException;
import dev.switchboard.errors.ErrorKind;
import dev.switchboard.errors.RejectedCallException;
import dev.switchboard.errors.ServiceCallException;
import dev.switchboard.policy.CircuitBreaker;
import dev.switchboard.policy.CircuitBreakerPolicy;
import dev.switchboard.policy.ConcurrencyLimitPolicy;
import dev.switchboard.policy.HedgingPolicy;
import dev.switchboard.policy.RetryBudgetPolicy;
import dev.switchboard.policy.RetryPolicy;
import dev.switchboard.testing.FakeScheduler;
import dev.switchboard.testing.FakeTicker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link CallPipeline} and its filter chain, against the real pipeline: real
 * discovery ({@code static:}), the real balancer, breaker, limit, budget and engines, on the
 * shared fake clock (the {@link FakeScheduler} is the pipeline's timer). Only the wire is an
 * {@link InMemoryTransport}.
 */
class CallPipelineTest {
  private static final Request GET = Request.builder("GET", "/users/1").build();
  private static final Duration MS = Duration.ofMillis(1);

  private final FakeTicker ticker = new FakeTicker();
  private final FakeScheduler timer = new FakeScheduler(ticker);
  private final List<Destination> destinations = new ArrayList<>();

  @AfterEach
  void close() {
    destinations.forEach(Destination::close);
  }

  private ServiceConfig.Builder config() {
    return ServiceConfig.builder().name("users").target("static:10.0.0.1:80,10.0.0.2:80,10.0.0.3:80")
        .ticker(ticker).timer(timer).retryPolicy(RetryPolicy.noRetries());
  }

  private CallPipeline pipeline(ServiceConfig config, Transport transport) {
    Destination destination = Destination.open(config);
    destinations.add(destination);
    assertThat(destination.isReady()).isTrue(); // static discovery answers at once
    return CallPipeline.assemble(config.name(), config.timeout(), config.filters(), config.policies(), destination,
        transport, ResponseClassifier.httpStatus());
  }

  private static Throwable failureOf(CompletableFuture<?> f) {
    Throwable t = catchThrowable(f::join);
    return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
  }

  /** A filter with a name, so messages that name it can be checked. */
  private static Filter named(String name, Filter filter) {
    return new Filter() {
      @Override
      public CompletableFuture<Response> filter(Request request, Chain chain) {
        return filter.filter(request, chain);
      }

      @Override
      public String toString() {
        return name;
      }
    };
  }

  @Test
  void aFilterMayProceedTwiceAndEachProceedPicksAwayFromTheEndpointsTheCallTried() {
    InMemoryTransport transport = InMemoryTransport.answering(200);
    Filter twice = (request, chain) -> chain.proceed(request).thenCompose(first -> chain.proceed(request));
    CallPipeline pipeline = pipeline(config().addFilter(twice).build(), transport);

    Response response = pipeline.execute(GET).join();

    assertThat(transport.exchanges).extracting(e -> e.attempt().number()).containsExactly(1, 2);
    assertThat(transport.get(2).attempt().endpoint()).isNotEqualTo(transport.get(1).attempt().endpoint());
    assertThat(response.bodyAsString()).isEqualTo("attempt 2");
  }

  @Test
  void aFilterMayProceedConcurrentlyAndTheCallCountsEveryAttempt() {
    InMemoryTransport transport = InMemoryTransport.pending();
    List<Integer> attemptsSeen = new CopyOnWriteArrayList<>();
    Filter both = (request, chain) -> {
      CompletableFuture<Response> a = chain.proceed(request);
      CompletableFuture<Response> b = chain.proceed(request);
      attemptsSeen.add(chain.call().attempts());
      return a.thenCombine(b, (x, y) -> y);
    };
    CallPipeline pipeline = pipeline(config().addFilter(both).build(), transport);

    CompletableFuture<Response> result = pipeline.execute(GET);
    transport.get(1).answer(200);
    transport.get(2).answer(200);

    assertThat(result.join().bodyAsString()).isEqualTo("attempt 2");
    assertThat(attemptsSeen).containsExactly(2);
    assertThat(transport.get(1).attempt().endpoint()).isNotEqualTo(transport.get(2).attempt().endpoint());
  }

  @Test
  void aFilterThatReturnsNullFailsOnlyItsCallWithAMessageNamingIt() {
    InMemoryTransport transport = InMemoryTransport.answering(200);
    Filter nullOnBad = named("NullOnBad", (request, chain) -> request.header("x-bad") != null ? null : chain.proceed(request));
    CallPipeline pipeline = pipeline(config().addFilter(nullOnBad).build(), transport);

    Throwable failure = failureOf(pipeline.execute(GET.toBuilder().header("x-bad", "1").build()));
    Response fine = pipeline.execute(GET).join();

    assertThat(failure).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("filter #1 of 1 (NullOnBad)").hasMessageContaining("returned null");
    assertThat(fine.status()).isEqualTo(200);
    assertThat(transport.exchanges).hasSize(1);
  }

  @Test
  void aFilterThatThrowsFailsOnlyItsCallWithAMessageNamingIt() {
    InMemoryTransport transport = InMemoryTransport.answering(200);
    Filter throwOnBad = named("ThrowOnBad", (request, chain) -> {
      if (request.header("x-bad") != null) {
        throw new IllegalArgumentException("boom");
      }
      return chain.proceed(request);
    });
    CallPipeline pipeline = pipeline(config().addFilter(throwOnBad).build(), transport);

    Throwable failure = failureOf(pipeline.execute(GET.toBuilder().header("x-bad", "1").build()));
    Response fine = pipeline.execute(GET).join();

    assertThat(failure).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("ThrowOnBad").hasMessageContaining("threw").hasMessageContaining("boom")
        .hasCauseInstanceOf(IllegalArgumentException.class);
    assertThat(fine.status()).isEqualTo(200);
    assertThat(transport.exchanges).hasSize(1);
  }

  @Test
  void aServiceCallExceptionThrownByAFilterReachesTheCallerAsItIsWithTheCallsDetails() {
    RejectedCallException refusal = new RejectedCallException(ErrorKind.CONCURRENCY_LIMITED, "not now");
    InMemoryTransport transport = InMemoryTransport.answering(200);
    CallPipeline pipeline = pipeline(config().addFilter((request, chain) -> {
      throw refusal;
    }).build(), transport);

    Throwable failure = failureOf(pipeline.execute(GET));

    assertThat(failure).isSameAs(refusal);
    assertThat(refusal.details()).hasValueSatisfying(d -> assertThat(d.service()).isEqualTo("users"));
    assertThat(transport.exchanges).isEmpty();
  }

  @Test
  void userFiltersRunOutermostInTheOrderTheyWereAddedAndSeeWhatTheLimitDecided() {
    List<String> events = new CopyOnWriteArrayList<>();
    Filter a = (request, chain) -> {
      events.add("a in");
      return chain.proceed(request).whenComplete((r, e) -> events.add("a out " + outcome(r, e)));
    };
    Filter b = (request, chain) -> {
      events.add("b in");
      return chain.proceed(request).whenComplete((r, e) -> events.add("b out " + outcome(r, e)));
    };
    InMemoryTransport transport = InMemoryTransport.pending();
    CallPipeline pipeline = pipeline(config().addFilter(a).addFilter(b)
        .concurrencyLimit(ConcurrencyLimitPolicy.fixed(1)).build(), transport);

    CompletableFuture<Response> holding = pipeline.execute(GET); // takes the only slot
    CompletableFuture<Response> refused = pipeline.execute(GET);
    transport.get(1).answer(200);

    assertThat(holding.join().status()).isEqualTo(200);
    assertThat(failureOf(refused)).isInstanceOfSatisfying(ServiceCallException.class,
        e -> assertThat(e.kind()).isEqualTo(ErrorKind.CONCURRENCY_LIMITED));
    assertThat(events).containsExactly(
        "a in", "b in",                                          // the first call, in flight
        "a in", "b in", "b out CONCURRENCY_LIMITED", "a out CONCURRENCY_LIMITED", // refused inside them
        "b out 200", "a out 200");
  }

  private static String outcome(Response r, Throwable e) {
    if (e == null) {
      return Integer.toString(r.status());
    }
    Throwable t = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    return t instanceof ServiceCallException s ? s.kind().name() : t.toString();
  }

  @Test
  void aShortCircuitSkipsTheBreakerAndTheLimit() {
    Endpoint cache = Endpoint.of("127.0.0.1", 1);
    Filter cached = (request, chain) -> request.path().equals("/cached")
        ? CompletableFuture.completedFuture(new Response(200, Map.of(), new byte[0], cache))
        : chain.proceed(request);
    InMemoryTransport transport = InMemoryTransport.byPath(Map.of("/fail", 503));
    CallPipeline pipeline = pipeline(config().addFilter(cached)
        .circuitBreaker(CircuitBreakerPolicy.builder().countWindow(2).minimumCalls(2).failureRateThreshold(0.5)
            .openDuration(Duration.ofSeconds(10)).build())
        .concurrencyLimit(ConcurrencyLimitPolicy.fixed(1)).build(), transport);
    Request fail = Request.builder("GET", "/fail").build();

    failureOf(pipeline.execute(fail));
    failureOf(pipeline.execute(fail));
    CircuitBreaker breaker = pipeline.policies().circuitBreaker().orElseThrow();
    assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
    int sent = transport.exchanges.size();

    assertThat(pipeline.execute(Request.builder("GET", "/cached").build()).join().endpoint()).isEqualTo(cache);
    assertThat(failureOf(pipeline.execute(fail))).isInstanceOfSatisfying(ServiceCallException.class,
        e -> assertThat(e.kind()).isEqualTo(ErrorKind.CIRCUIT_OPEN));
    assertThat(transport.exchanges).hasSize(sent); // the open breaker sent nothing

    CallPipeline limited = pipeline(config().addFilter(cached).concurrencyLimit(ConcurrencyLimitPolicy.fixed(1))
        .build(), transport);
    CompletableFuture<Response> holding = limited.execute(GET); // /users/1 stays in flight: the slot is taken
    assertThat(limited.execute(Request.builder("GET", "/cached").build()).join().status()).isEqualTo(200);
    assertThat(limited.policies().concurrencyLimit().orElseThrow().inFlight()).isOne();
    assertThat(holding).isNotDone();
  }

  @Test
  void aCallRefusedByTheBreakerOrTheLimitCostsNoBudget() {
    // ratio 1, no reserve: every call that reaches the retry engine deposits exactly one token.
    RetryBudgetPolicy oneTokenPerCall = RetryBudgetPolicy.builder().ratio(1.0).minRetriesPerSecond(0).build();
    InMemoryTransport transport = InMemoryTransport.pending();
    CallPipeline pipeline = pipeline(config().retryBudget(oneTokenPerCall)
        .concurrencyLimit(ConcurrencyLimitPolicy.fixed(1)).build(), transport);

    CompletableFuture<Response> holding = pipeline.execute(GET);
    long afterFirst = pipeline.policies().retryBudget().balance();
    Throwable refused = failureOf(pipeline.execute(GET));

    assertThat(afterFirst).isOne();
    assertThat(refused).isInstanceOfSatisfying(ServiceCallException.class,
        e -> assertThat(e.kind()).isEqualTo(ErrorKind.CONCURRENCY_LIMITED));
    assertThat(pipeline.policies().retryBudget().balance()).isOne(); // the refused call deposited nothing
    assertThat(transport.exchanges).hasSize(1);
    transport.get(1).answer(200);
    assertThat(holding.join().status()).isEqualTo(200);
  }

  @Test
  void cancellingTheReturnedFutureAbortsEveryAttemptInFlight() {
    InMemoryTransport transport = InMemoryTransport.pending();
    CallPipeline pipeline = pipeline(config().hedgingPolicy(HedgingPolicy.fixed(Duration.ofMillis(10))).build(),
        transport);

    CompletableFuture<Response> result = pipeline.execute(GET);
    timer.advance(MS.multipliedBy(10)); // the hedge goes out on the injected timer
    assertThat(transport.exchanges).hasSize(2);
    assertThat(transport.get(2).attempt().hedge()).isTrue();
    result.cancel(true);

    assertThat(transport.exchanges).allSatisfy(e -> assertThat(e.future()).isCancelled());
  }

  @Test
  void theDeadlineBoundsTheWholeCallOnTheInjectedTimerAndCancelsTheAttempt() {
    InMemoryTransport transport = InMemoryTransport.pending();
    CallPipeline pipeline = pipeline(config().timeout(Duration.ofMillis(100)).build(), transport);

    CompletableFuture<Response> result = pipeline.execute(GET);
    timer.advance(MS.multipliedBy(99));
    assertThat(result).isNotDone();
    timer.advance(MS);

    assertThat(failureOf(result)).isInstanceOf(DeadlineExceededException.class);
    assertThat(transport.get(1).future()).isCancelled();
  }

  @Test
  void callOptionsReachThePipelineExplicitlyAndATighterTimeoutBoundsTheCall() {
    InMemoryTransport transport = InMemoryTransport.pending();
    CallOptions options = CallOptions.builder().idempotent(true).timeout(Duration.ofMillis(50)).build();
    List<CallOptions> seen = new CopyOnWriteArrayList<>();
    CallPipeline pipeline = pipeline(config().timeout(Duration.ofSeconds(30)).addFilter((request, chain) -> {
      seen.add(chain.call().options());
      return chain.proceed(request);
    }).build(), transport);

    CompletableFuture<Response> result = pipeline.execute(GET, options, r -> r);
    Attempt attempt = transport.get(1).attempt();

    assertThat(seen).containsExactly(options);
    assertThat(attempt.deadline()).hasValueSatisfying(d -> assertThat(d.remaining()).isEqualTo(Duration.ofMillis(50)));
    timer.advance(MS.multipliedBy(50));
    assertThat(failureOf(result)).isInstanceOf(DeadlineExceededException.class);
  }

  @Test
  void filtersSeeAReadOnlyCallAndTheTransportSeesPerAttemptFacts() {
    InMemoryTransport transport = InMemoryTransport.answering(200);
    List<Call> calls = new CopyOnWriteArrayList<>();
    CallPipeline pipeline = pipeline(config().addFilter((request, chain) -> {
      calls.add(chain.call());
      return chain.proceed(request);
    }).build(), transport);

    pipeline.execute(GET).join();
    Call call = calls.get(0);
    Attempt attempt = transport.get(1).attempt();

    assertThat(Call.class.getMethods()).extracting(java.lang.reflect.Method::getName)
        .doesNotContain("finish", "recordTried", "trackInFlight", "nextAttemptNumber", "allowInlineOn");
    assertThat(call.service()).isEqualTo("users");
    assertThat(call.isFinished()).isTrue();
    assertThat(call.tried()).containsExactly(attempt.endpoint());
    assertThat(attempt.call()).isSameAs(call);
    assertThat(attempt.number()).isOne();
    assertThat(attempt.hedge()).isFalse();
    assertThat(attempt.mayRunInline()).isFalse(); // an async call never blocks its caller
    assertThat(attempt.context().trace()).isPresent();
  }
}
