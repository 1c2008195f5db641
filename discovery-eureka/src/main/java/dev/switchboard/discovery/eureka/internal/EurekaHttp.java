package dev.switchboard.discovery.eureka.internal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Eureka's REST API over the JDK's {@link HttpClient}, with failover across the target's servers:
 * a request goes to the server that answered last; on an I/O error, a timeout or a 5xx it moves on
 * to the next, trying each server at most once per request (Netflix's client does the same with
 * its server list). Every request has a timeout and every response body a size cap, so a server
 * that hangs or streams garbage cannot hold a thread or the heap. Thread-safe; never blocks.
 */
final class EurekaHttp {
  /** Cap on a response body; a full registry of 10,000 instances is about 30 MiB of JSON. */
  static final int MAX_BODY_BYTES = 64 << 20;

  /**
   * One JDK client for the process: each has its own selector thread, and requests carry their own
   * timeouts. Daemon threads only, so it never keeps a JVM alive.
   */
  private static final HttpClient CLIENT = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(10))
      .version(HttpClient.Version.HTTP_1_1)
      .build();

  private final List<URI> servers;
  private final Duration timeout;
  private final HttpClient client = CLIENT;
  private final AtomicInteger current = new AtomicInteger();

  EurekaHttp(List<URI> servers, Duration timeout) {
    this.servers = List.copyOf(servers);
    this.timeout = timeout;
  }

  /** One answer: the status and body, and the server that gave it. */
  record Answer(int status, byte[] body, URI server) {}

  /** A request failed on every server; the message names each server's failure. */
  static final class EurekaUnavailableException extends IOException {
    EurekaUnavailableException(String message) {
      super(message);
    }
  }

  /**
   * Sends {@code method path} (relative to the server's base URL, e.g. {@code /apps/delta}) with
   * {@code body} (null for none) to the current server, failing over on I/O errors, timeouts and
   * 5xx. Completes with the first non-5xx answer, or exceptionally with
   * {@link EurekaUnavailableException} once every server failed.
   */
  CompletionStage<Answer> send(String method, String path, byte[] body) {
    return attempt(method, path, body, current.get(), 0, new ArrayList<>());
  }

  private CompletionStage<Answer> attempt(String method, String path, byte[] body, int index, int tried,
      List<String> failures) {
    if (tried == servers.size()) {
      return CompletableFuture.failedFuture(new EurekaUnavailableException(
          method + " " + path + " failed on every Eureka server: " + String.join("; ", failures)));
    }
    URI server = servers.get(Math.floorMod(index, servers.size()));
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server + path))
        .timeout(timeout)
        .header("Accept", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    CompletableFuture<HttpResponse<byte[]>> sent;
    try {
      sent = client.sendAsync(request.build(), info -> new CappedBody(MAX_BODY_BYTES));
    } catch (RuntimeException e) {
      sent = CompletableFuture.failedFuture(e);
    }
    return sent.handle((response, error) -> {
      if (error == null && response.statusCode() < 500) {
        current.set(Math.floorMod(index, servers.size())); // stick with the server that answered
        return CompletableFuture.completedFuture(new Answer(response.statusCode(), response.body(), server));
      }
      Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
      failures.add(server + ": " + (cause != null ? cause : "HTTP " + response.statusCode()));
      return attempt(method, path, body, index + 1, tried + 1, failures);
    }).thenCompose(stage -> stage);
  }

  /** Collects a body up to {@code max} bytes; a longer one fails the response. */
  private static final class CappedBody implements HttpResponse.BodySubscriber<byte[]> {
    private final int max;
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private final List<ByteBuffer> parts = new ArrayList<>();
    private Flow.Subscription subscription;
    private long size;

    CappedBody(int max) {
      this.max = max;
    }

    @Override
    public CompletionStage<byte[]> getBody() {
      return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription = s;
      s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
      if (result.isDone()) {
        return; // over the cap and cancelled
      }
      for (ByteBuffer b : items) {
        size += b.remaining();
        if (size > max) {
          subscription.cancel();
          result.completeExceptionally(new IOException("Eureka response larger than " + max + " bytes"));
          return;
        }
        parts.add(b);
      }
    }

    @Override
    public void onError(Throwable t) {
      result.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
      byte[] out = new byte[(int) size];
      int at = 0;
      for (ByteBuffer b : parts) {
        int n = b.remaining();
        b.get(out, at, n);
        at += n;
      }
      result.complete(out);
    }
  }
}
