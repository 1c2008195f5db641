package dev.switchboard.http.tls;

import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.util.Headers;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import org.xnio.Options;

/**
 * A server that speaks HTTP/2, written by none of the transports under test (Undertow): h2 over
 * TLS negotiated by ALPN, or h2c with prior knowledge over plain TCP. {@code /proto} answers with
 * the protocol the exchange arrived on ({@code HTTP/2.0} or {@code HTTP/1.1}).
 */
public final class Http2Server implements AutoCloseable {
  private final Undertow server;
  private final String scheme;
  private final AtomicInteger http2Exchanges = new AtomicInteger();

  private Http2Server(SSLContext tls) {
    Undertow.Builder b = Undertow.builder()
        .setIoThreads(1).setWorkerThreads(2)
        .setWorkerOption(Options.WORKER_NAME, "scripted-server-h2")
        .setServerOption(UndertowOptions.ENABLE_HTTP2, true)
        .setHandler(exchange -> {
          String protocol = exchange.getProtocol().toString();
          if (protocol.equals("HTTP/2.0")) {
            http2Exchanges.incrementAndGet();
          }
          exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain");
          exchange.getResponseSender().send(protocol);
        });
    if (tls == null) {
      b.addHttpListener(0, "127.0.0.1");
    } else {
      b.addHttpsListener(0, "127.0.0.1", tls);
    }
    server = b.build();
    server.start();
    scheme = tls == null ? "http" : "https";
  }

  /** h2c with prior knowledge (and HTTP/1.1) over plain TCP. */
  public static Http2Server cleartext() {
    return new Http2Server(null);
  }

  /** h2 (and HTTP/1.1) over TLS with {@code context}'s key, by ALPN. */
  public static Http2Server tls(SSLContext context) {
    return new Http2Server(context);
  }

  public String baseUrl() {
    int port = ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
    return scheme + "://127.0.0.1:" + port;
  }

  /** Exchanges that arrived over HTTP/2. */
  public int http2Exchanges() {
    return http2Exchanges.get();
  }

  @Override
  public void close() {
    server.stop();
  }
}
