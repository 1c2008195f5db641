package dev.switchboard.benchmarks.peer;

import io.undertow.Undertow;
import io.undertow.util.Headers;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.xnio.Options;

/**
 * The server of the peer benchmark: Undertow, which none of the measured clients wrote, answering
 * {@code GET /users/{id}} with a fixed 102-byte JSON body from its I/O threads (no dispatch),
 * counting the requests it answers (a client's hedges and retries are requests too).
 * Its threads are named {@code peer-server ...} so the harness can leave them out of the
 * clients' CPU and allocation.
 */
final class PeerServer implements AutoCloseable {
  static final String THREAD_PREFIX = "peer-server";
  static final byte[] BODY = ("{\"id\":\"123\",\"email\":\"ada@example.com\",\"name\":\"Ada Lovelace\","
      + "\"active\":true,\"roles\":[\"admin\",\"ops\"]}    ").getBytes(StandardCharsets.UTF_8);

  private final Undertow server;
  private final int port;
  private final java.util.concurrent.atomic.LongAdder requests = new java.util.concurrent.atomic.LongAdder();

  PeerServer(int ioThreads) {
    ByteBuffer body = ByteBuffer.allocateDirect(BODY.length).put(BODY).flip();
    server = Undertow.builder()
        .addHttpListener(0, "127.0.0.1")
        .setIoThreads(ioThreads)
        .setWorkerThreads(ioThreads)
        .setWorkerOption(Options.WORKER_NAME, THREAD_PREFIX)
        .setServerOption(io.undertow.UndertowOptions.ALWAYS_SET_KEEP_ALIVE, true)
        .setHandler(exchange -> {
          requests.increment();
          exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
          exchange.getResponseSender().send(body.duplicate());
        })
        .build();
    server.start();
    port = ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
  }

  /** Requests answered so far (hedges and retries included). */
  long requests() {
    return requests.sum();
  }

  String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  @Override
  public void close() {
    server.stop();
  }
}
