package dev.switchboard.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.client.Destination;
import dev.switchboard.client.ServiceConfig;
import dev.switchboard.errors.DeadlineExceededException;
import dev.switchboard.errors.ServiceCallException;
import dev.switchboard.policy.HedgingPolicy;
import dev.switchboard.policy.RetryPolicy;
import dev.switchboard.testing.FakeScheduler;
import dev.switchboard.testing.FakeTicker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A blocking call that may be hedged runs its first attempt on the caller's thread when the
 * transport can abort such an exchange from another thread, and the hedging rules hold all the
 * same: the hedge timer fires while that thread is blocked, the winner completes the call and the
 * loser is aborted, whichever ran inline. The real pipeline on the fake clock; the wire is a
 * {@link BlockingTransport}, and the caller is a thread of its own that the test drives.
 */
class HedgedBlockingCallsRunTheirFirstAttemptInlineTest {
  private static final Request GET = Request.builder("GET", "/users/1").build();

  private final FakeTicker ticker = new FakeTicker();
  private final FakeScheduler timer = new FakeScheduler(ticker);
  private final List<Destination> destinations = new ArrayList<>();
  private final ExecutorService callers = Executors.newSingleThreadExecutor(r -> new Thread(r, "caller"));
  private final AtomicReference<Thread> callerThread = new AtomicReference<>();

  @AfterEach
  void close() {
    callers.shutdownNow();
    destinations.forEach(Destination::close);
  }

  private CallPipeline pipeline(Transport transport, Duration hedgeDelay) {
    return pipeline(transport, hedgeDelay, Duration.ofSeconds(1), RetryPolicy.noRetries());
  }

  private CallPipeline pipeline(Transport transport, Duration hedgeDelay, Duration timeout, RetryPolicy retries) {
    return pipeline(transport, HedgingPolicy.fixed(hedgeDelay), timeout, retries);
  }

  private CallPipeline pipeline(Transport transport, HedgingPolicy hedging, Duration timeout, RetryPolicy retries) {
    ServiceConfig config = ServiceConfig.builder().name("users").target("static:10.0.0.1:80,10.0.0.2:80")
        .ticker(ticker).timer(timer).timeout(timeout).retryPolicy(retries)
        .hedgingPolicy(hedging).build();
    Destination destination = Destination.open(config);
    destinations.add(destination);
    return CallPipeline.assemble(config.name(), config.timeout(), config.filters(), config.policies(), destination,
        transport, ResponseClassifier.httpStatus());
  }

  /** Runs a blocking GET on the caller thread; completes with its body or its exception. */
  private CompletableFuture<Object> callBlocking(CallPipeline pipeline) {
    CompletableFuture<Object> outcome = new CompletableFuture<>();
    callers.execute(() -> {
      callerThread.set(Thread.currentThread());
      try {
        outcome.complete(pipeline.executeBlocking(GET, Response::bodyAsString));
      } catch (ServiceCallException e) {
        outcome.complete(e);
      }
    });
    return outcome;
  }

  private static BlockingTransport.Exchange awaitExchange(BlockingTransport transport, int number) {
    await().atMost(Duration.ofSeconds(5)).until(() -> transport.get(number) != null);
    return transport.get(number);
  }

  /** {@code first} runs inline, no hedge timer watches it (its transport does), and it answers the call. */
  private static void assertInlineAndWatchedByItsTransport(BlockingTransport.Exchange first,
      CompletableFuture<Object> outcome) {
    assertThat(first.attempt().mayRunInline()).isTrue();
    assertThat(first.watchedByPipeline()).isFalse();
    first.answer(200);
    assertThat(outcome.join()).isEqualTo("attempt 1");
  }

  @Test
  void aHungFirstAttemptOnTheCallersThreadIsRescuedByAHedgeAndAbortedWhenTheHedgeWins() {
    BlockingTransport transport = new BlockingTransport(true);
    CompletableFuture<Object> outcome = callBlocking(pipeline(transport, Duration.ofMillis(10)));

    BlockingTransport.Exchange first = awaitExchange(transport, 1);
    assertThat(first.attempt().mayRunInline()).isTrue();
    assertThat(first.thread()).isSameAs(callerThread.get()); // it blocks the caller's thread...
    timer.advance(Duration.ofMillis(10)); // ...and the hedge timer, armed before it, still fires
    BlockingTransport.Exchange hedge = transport.get(2);
    assertThat(hedge.attempt().hedge()).isTrue();
    assertThat(hedge.attempt().mayRunInline()).isFalse();
    assertThat(hedge.attempt().endpoint()).isNotEqualTo(first.attempt().endpoint());
    assertThat(outcome).isNotDone();

    hedge.answer(200);

    assertThat(outcome.join()).isEqualTo("attempt 2"); // the caller's thread returned the winner's answer
    assertThat(first.aborted()).as("the inline loser was aborted from the winner's thread").isTrue();
    assertThat(transport.exchanges).hasSize(2);
  }

  @Test
  void anInlineFirstAttemptThatAnswersFirstWinsAndTheHedgeIsCancelled() {
    BlockingTransport transport = new BlockingTransport(true);
    CompletableFuture<Object> outcome = callBlocking(pipeline(transport, Duration.ofMillis(10)));

    BlockingTransport.Exchange first = awaitExchange(transport, 1);
    timer.advance(Duration.ofMillis(10));
    BlockingTransport.Exchange hedge = transport.get(2);
    first.answer(200);

    assertThat(outcome.join()).isEqualTo("attempt 1");
    await().atMost(Duration.ofSeconds(5)).until(() -> hedge.answer().isCancelled()); // aborted on the wire
  }

  @Test
  void aFastInlineFirstAttemptSendsNoHedgeAndLeavesNoTimerBehind() {
    BlockingTransport transport = new BlockingTransport(true);
    CompletableFuture<Object> outcome = callBlocking(pipeline(transport, Duration.ofMillis(10)));

    awaitExchange(transport, 1).answer(200);

    assertThat(outcome.join()).isEqualTo("attempt 1");
    timer.advance(Duration.ofSeconds(2)); // past the hedge delay and the deadline: nothing fires
    assertThat(transport.exchanges).hasSize(1);
  }

  @Test
  void anInlineFirstAttemptThatFailsNonFatallyIsHedgedAtOnceOffTheCallersThread() {
    BlockingTransport transport = new BlockingTransport(true);
    CompletableFuture<Object> outcome = callBlocking(pipeline(transport, Duration.ofMillis(10)));

    awaitExchange(transport, 1).answer(503); // UNAVAILABLE: non-fatal for hedging
    BlockingTransport.Exchange hedge = awaitExchange(transport, 2);

    assertThat(hedge.attempt().hedge()).isTrue();
    assertThat(hedge.attempt().mayRunInline()).isFalse(); // never blocks the caller's thread
    assertThat(outcome).isNotDone();
    hedge.answer(200);
    assertThat(outcome.join()).isEqualTo("attempt 2");
  }

  @Test
  void theCallsDeadlineAbortsAnInlineFirstAttemptAndItsHedgeWhenNeitherAnswers() {
    BlockingTransport transport = new BlockingTransport(true);
    CompletableFuture<Object> outcome = callBlocking(pipeline(transport, Duration.ofMillis(10)));

    BlockingTransport.Exchange first = awaitExchange(transport, 1);
    timer.advance(Duration.ofSeconds(1));

    assertThat(outcome.join()).isInstanceOf(DeadlineExceededException.class);
    assertThat(first.aborted()).isTrue();
    assertThat(transport.get(2).answer().isCancelled()).isTrue();
    assertThat(transport.exchanges).hasSize(2); // hedging maxAttempts
  }

  @Test
  void aTransportThatCannotAbortInlineKeepsHedgeableBlockingCallsOffTheCallersThread() {
    BlockingTransport transport = new BlockingTransport(false);
    CompletableFuture<Object> outcome = callBlocking(pipeline(transport, Duration.ofMillis(10)));

    BlockingTransport.Exchange first = awaitExchange(transport, 1);
    assertThat(first.attempt().mayRunInline()).isFalse();
    first.answer(200);

    assertThat(outcome.join()).isEqualTo("attempt 1");
  }

  @Test
  void aBlockingCallThatIsNotHedgedRunsInlineOnEveryTransport() {
    BlockingTransport transport = new BlockingTransport(false);
    CallPipeline pipeline = pipeline(transport, Duration.ofMillis(10));
    CompletableFuture<Object> outcome = new CompletableFuture<>();
    Request post = Request.builder("POST", "/users").build(); // not idempotent: never hedged
    callers.execute(() -> outcome.complete(pipeline.executeBlocking(post, Response::bodyAsString)));

    BlockingTransport.Exchange first = awaitExchange(transport, 1);
    assertThat(first.attempt().mayRunInline()).isTrue();
    first.answer(200);

    assertThat(outcome.join()).isEqualTo("attempt 1");
  }

  @Test
  void theHedgeTimerTellsTheTransportWhenItsInlineExchangeStillRunsSoTheTransportArmsNoTimerBefore() {
    BlockingTransport transport = new BlockingTransport(true);
    CompletableFuture<Object> outcome = callBlocking(pipeline(transport, Duration.ofMillis(10)));

    BlockingTransport.Exchange first = awaitExchange(transport, 1);
    assertThat(first.watchedByPipeline()).isTrue();
    assertThat(timer.pendingDelays()).filteredOn(d -> d.toMillis() <= Attempt.INLINE_WATCH_MILLIS)
        .as("one entry until the watch time: the hedge timer").containsExactly(Duration.ofMillis(10));
    timer.advance(Duration.ofMillis(9));
    assertThat(first.toldStillRunning()).isNotDone();

    timer.advance(Duration.ofMillis(1)); // the hedge is due: the transport is told first

    assertThat(first.toldStillRunning()).isDone();
    assertThat(transport.get(2).attempt().hedge()).isTrue();
    transport.get(2).answer(200);
    assertThat(outcome.join()).isEqualTo("attempt 2");
  }

  @Test
  void aHedgeDueAfterTheWatchTimeWakesTheTimerTwiceTellingTheTransportAtTheWatchTime() {
    BlockingTransport transport = new BlockingTransport(true);
    CompletableFuture<Object> outcome = callBlocking(pipeline(transport, Duration.ofMillis(200)));

    BlockingTransport.Exchange first = awaitExchange(transport, 1);
    timer.advance(Duration.ofMillis(Attempt.INLINE_WATCH_MILLIS - 1));
    assertThat(first.toldStillRunning()).isNotDone();
    timer.advance(Duration.ofMillis(1));
    assertThat(first.toldStillRunning()).as("told at the watch time").isDone();
    assertThat(transport.exchanges).as("no hedge before its delay").hasSize(1);
    assertThat(timer.pendingDelays()).contains(Duration.ofMillis(200 - Attempt.INLINE_WATCH_MILLIS));

    timer.advance(Duration.ofMillis(200 - Attempt.INLINE_WATCH_MILLIS));

    assertThat(transport.get(2).attempt().hedge()).isTrue();
    first.answer(200);
    assertThat(outcome.join()).isEqualTo("attempt 1");
  }

  @Test
  void aCallWhoseHedgeWouldComeAfterItsDeadlineHasNoHedgeTimerSoItsTransportWatches() {
    BlockingTransport transport = new BlockingTransport(true);
    HedgingPolicy late = HedgingPolicy.fixed(Duration.ofMillis(200)).toBuilder().maxDelayFraction(0).build();
    CompletableFuture<Object> outcome = callBlocking(pipeline(transport, late, Duration.ofMillis(30), RetryPolicy.noRetries()));

    BlockingTransport.Exchange first = awaitExchange(transport, 1);

    assertInlineAndWatchedByItsTransport(first, outcome);
  }

  @Test
  void aFastInlineExchangeIsNeverToldAndCancelsTheOnlyTimerItArmed() {
    BlockingTransport transport = new BlockingTransport(true);
    CompletableFuture<Object> outcome = callBlocking(pipeline(transport, Duration.ofMillis(10)));

    BlockingTransport.Exchange first = awaitExchange(transport, 1);
    first.answer(200);

    assertThat(outcome.join()).isEqualTo("attempt 1");
    assertThat(timer.pendingDelays()).as("the hedge timer was cancelled")
        .noneMatch(d -> d.toMillis() <= Attempt.INLINE_WATCH_MILLIS);
    timer.advance(Duration.ofSeconds(2));
    assertThat(first.toldStillRunning()).isNotDone();
  }

  @Test
  void anInlineExchangeNoHedgeTimerWatchesIsTheTransportsToWatch() {
    BlockingTransport transport = new BlockingTransport(false);
    CallPipeline pipeline = pipeline(transport, Duration.ofMillis(10));
    CompletableFuture<Object> outcome = new CompletableFuture<>();
    Request post = Request.builder("POST", "/users").build(); // not idempotent: no hedge timer
    callers.execute(() -> outcome.complete(pipeline.executeBlocking(post, Response::bodyAsString)));

    BlockingTransport.Exchange first = awaitExchange(transport, 1);

    assertInlineAndWatchedByItsTransport(first, outcome);
  }

  @Test
  void anAttemptWithItsOwnShorterTimeoutIsTheTransportsToWatch() {
    BlockingTransport transport = new BlockingTransport(true);
    CompletableFuture<Object> outcome = callBlocking(pipeline(transport, Duration.ofMillis(10), Duration.ofSeconds(1),
        RetryPolicy.builder().maxAttempts(1).perAttemptTimeout(Duration.ofMillis(20)).build()));

    BlockingTransport.Exchange first = awaitExchange(transport, 1);

    assertInlineAndWatchedByItsTransport(first, outcome); // the hedge timer does not know the attempt's deadline
  }
}
