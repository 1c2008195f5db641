package dev.switchboard.cli.naive;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The client the seed article starts from, in Java: {@code java.net.http}, a list of base URLs
 * taken in turn (round robin, the most balancing a hand-written client usually gets), one timeout,
 * and a plain retry loop: any connection error, timeout or 5xx is tried again at once on the next
 * URL, up to {@code maxRetries} times. No backoff, no budget, no deadline propagation, no
 * ejection. It exists so the demo and the lab can show what Switchboard changes on the same faults;
 * it is deliberately not a good client.
 *
 * <p>Thread-safe: the JDK client is, and the round-robin cursor is atomic.
 */
public final class NaiveHttpClient implements AutoCloseable {
  /** The seed's {@code ServiceConfig.max_retries} default. */
  public static final int SEED_MAX_RETRIES = 3;

  private final List<String> baseUrls;
  private final Duration timeout;
  private final int maxRetries;
  private final HttpClient http;
  private final AttemptListener listener;
  private final AtomicInteger next = new AtomicInteger();

  /** Sees every attempt; called on the calling thread. Must be thread-safe and fast. */
  @FunctionalInterface
  public interface AttemptListener {
    /**
     * One attempt ended.
     *
     * @param baseUrl where it went
     * @param status the HTTP status, or -1 when no answer came (connect failure, reset, timeout)
     * @param nanos how long it took
     */
    void onAttempt(String baseUrl, int status, long nanos);
  }

  /** The answer of the last attempt: its status and body. */
  public record Result(int status, String body, int attempts) {
    public boolean ok() {
      return status >= 200 && status < 300;
    }
  }

  /** Thrown when every attempt failed without an answer. */
  public static final class NaiveCallException extends IOException {
    private final int attempts;

    NaiveCallException(String message, int attempts, Throwable cause) {
      super(message, cause);
      this.attempts = attempts;
    }

    public int attempts() {
      return attempts;
    }
  }

  public NaiveHttpClient(List<String> baseUrls, Duration timeout, int maxRetries, AttemptListener listener) {
    if (baseUrls.isEmpty()) {
      throw new IllegalArgumentException("at least one base URL");
    }
    if (maxRetries < 0) {
      throw new IllegalArgumentException("maxRetries must be >= 0: " + maxRetries);
    }
    this.baseUrls = List.copyOf(baseUrls);
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    this.maxRetries = maxRetries;
    this.listener = listener == null ? (u, s, n) -> { } : listener;
    this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build();
  }

  public NaiveHttpClient(List<String> baseUrls, Duration timeout, int maxRetries) {
    this(baseUrls, timeout, maxRetries, null);
  }

  /** GET {@code path}, retrying connection errors and 5xx; returns the last answer (maybe a 5xx). */
  public Result get(String path) throws NaiveCallException, InterruptedException {
    return send("GET", path, null);
  }

  /** {@code method path} with an optional JSON body, with the same retry loop. */
  public Result send(String method, String path, String jsonBody) throws NaiveCallException, InterruptedException {
    IOException lastError = null;
    Result last = null;
    for (int attempt = 1; attempt <= maxRetries + 1; attempt++) {
      String base = baseUrls.get(Math.floorMod(next.getAndIncrement(), baseUrls.size()));
      HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout);
      request.method(method, jsonBody == null ? HttpRequest.BodyPublishers.noBody()
          : HttpRequest.BodyPublishers.ofString(jsonBody));
      if (jsonBody != null) {
        request.header("content-type", "application/json");
      }
      long start = System.nanoTime();
      try {
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        listener.onAttempt(base, response.statusCode(), System.nanoTime() - start);
        last = new Result(response.statusCode(), response.body(), attempt);
        if (response.statusCode() < 500) {
          return last;
        }
      } catch (IOException e) {
        listener.onAttempt(base, -1, System.nanoTime() - start);
        lastError = e;
        last = null;
      }
    }
    if (last != null) {
      return last;
    }
    throw new NaiveCallException(method + " " + path + " failed after " + (maxRetries + 1) + " attempts: "
        + lastError, maxRetries + 1, lastError);
  }

  public List<String> baseUrls() {
    return baseUrls;
  }

  /** Nothing to release on JDK 17 (its client has no close); kept so callers use try-with-resources. */
  @Override
  public void close() {}
}
