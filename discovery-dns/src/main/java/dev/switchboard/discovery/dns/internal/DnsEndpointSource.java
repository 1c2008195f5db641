package dev.switchboard.discovery.dns.internal;

import dev.switchboard.discovery.AbstractEndpointSource;
import dev.switchboard.discovery.DiscoveryEnvironment;
import dev.switchboard.discovery.DiscoveryTarget;
import dev.switchboard.time.Timer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Polls DNS: queries, publishes, then queries again after the answer's TTL clamped to the
 * target's bounds. A failed query (timeout, SERVFAIL, REFUSED, unreachable server) is reported and
 * retried with backoff while the last answer stays; NXDOMAIN and empty answers are published.
 *
 * <p><b>Threading:</b> one query is in flight at a time: the next is scheduled only from the
 * previous one's completion, so {@code failures} needs no lock.
 */
public final class DnsEndpointSource extends AbstractEndpointSource {
  private final DnsSettings settings;
  private final Function<DnsEndpointSource, CompletionStage<DnsAnswer>> query;
  private volatile Timer.Timeout next;
  private int failures;

  /**
   * Creates the source; call {@link #start()} to send the first query. {@code query} receives
   * this source so it can report skipped records.
   */
  public DnsEndpointSource(DiscoveryTarget target, DiscoveryEnvironment environment, DnsSettings settings,
      Function<DnsEndpointSource, CompletionStage<DnsAnswer>> query) {
    super(target, environment);
    this.settings = settings;
    this.query = query;
  }

  /** Sends the first query now, on the calling thread (the query itself is asynchronous). */
  public DnsEndpointSource start() {
    refresh();
    return this;
  }

  /** Logs a record that was skipped (e.g. an SRV target without addresses). */
  void skipped(String key, String why) {
    warnSkipped(key, why);
  }

  private void refresh() {
    if (isClosed()) {
      return;
    }
    CompletionStage<DnsAnswer> answer;
    try {
      answer = query.apply(this);
    } catch (RuntimeException e) {
      answer = CompletableFuture.failedFuture(e);
    }
    answer.whenComplete(this::onAnswer);
  }

  private void onAnswer(DnsAnswer answer, Throwable error) {
    if (isClosed()) {
      return;
    }
    Duration delay;
    if (error != null) {
      failures++;
      publishError(error instanceof CompletionException && error.getCause() != null ? error.getCause() : error);
      delay = retryDelay(failures);
    } else {
      failures = 0;
      publish(answer.endpoints());
      delay = settings.refreshAfter(answer.ttlSeconds());
    }
    next = environment.timer().schedule(this::refresh, delay.toNanos(), TimeUnit.NANOSECONDS);
    if (isClosed()) {
      next.cancel(); // closed while scheduling
    }
  }

  @Override
  protected void doClose() {
    Timer.Timeout n = next;
    if (n != null) {
      n.cancel();
    }
  }
}
