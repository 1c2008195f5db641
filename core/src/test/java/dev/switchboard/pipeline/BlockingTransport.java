package dev.switchboard.pipeline;

import dev.switchboard.errors.CancelledCallException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A real {@link Transport} that runs an attempt it may run inline the way a blocking client does:
 * on the calling thread, which it blocks until the test answers the exchange or the pipeline aborts
 * it (through {@link Attempt#onAbort}, when it declares {@link #abortsInline()}). Other attempts
 * stay in flight as futures until answered. Every exchange is recorded with the thread that sent
 * it, and an inline one with whether the pipeline watches it ({@link Attempt#onStillRunning}) and
 * when the pipeline said it still runs. Thread-safe.
 */
final class BlockingTransport implements Transport {
  /** One attempt that reached the transport. */
  record Exchange(Attempt attempt, Thread thread, CompletableFuture<Response> answer, boolean watchedByPipeline,
      CompletableFuture<Void> toldStillRunning) {
    void answer(int status) {
      answer.complete(InMemoryTransport.response(attempt, status));
    }

    /** True once the pipeline aborted (or cancelled) this exchange. */
    boolean aborted() {
      return answer.isCompletedExceptionally();
    }
  }

  final List<Exchange> exchanges = new CopyOnWriteArrayList<>();
  private final boolean abortsInline;

  BlockingTransport(boolean abortsInline) {
    this.abortsInline = abortsInline;
  }

  @Override
  public boolean abortsInline() {
    return abortsInline;
  }

  @Override
  public CompletableFuture<Response> send(Attempt attempt, Request request) {
    CompletableFuture<Response> answer = new CompletableFuture<>();
    if (!attempt.mayRunInline()) {
      exchanges.add(new Exchange(attempt, Thread.currentThread(), answer, false, new CompletableFuture<>()));
      return answer; // cancelling it is the abort
    }
    // As a real transport does: its own watch of the exchange starts when the pipeline says so.
    CompletableFuture<Void> told = new CompletableFuture<>();
    boolean watched = attempt.onStillRunning(() -> told.complete(null));
    exchanges.add(new Exchange(attempt, Thread.currentThread(), answer, watched, told));
    if (abortsInline && !attempt.onAbort(() -> answer.completeExceptionally(new CancelledCallException("aborted", null)))) {
      return CompletableFuture.failedFuture(new CancelledCallException("aborted before it started", null));
    }
    try {
      return CompletableFuture.completedFuture(answer.get(10, TimeUnit.SECONDS)); // bounded: a broken test cannot hang
    } catch (ExecutionException e) {
      return CompletableFuture.failedFuture(e.getCause());
    } catch (InterruptedException | TimeoutException e) {
      return CompletableFuture.failedFuture(new CancelledCallException("no answer", e));
    }
  }

  /** The exchange of attempt {@code number}, or null while it has not reached the transport. */
  Exchange get(int number) {
    return exchanges.stream().filter(e -> e.attempt().number() == number).findFirst().orElse(null);
  }
}
