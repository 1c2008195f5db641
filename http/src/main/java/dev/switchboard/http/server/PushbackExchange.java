package dev.switchboard.http.server;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpPrincipal;
import dev.switchboard.context.WireHeaders;
import dev.switchboard.policy.OverloadSignal;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;

/**
 * The exchange handed to the handler: everything delegates, except that sending a 5xx or 429
 * status after a downstream call gave up first adds {@code x-retry-pushback-ms: -1}. Package
 * private; one per request, used by the handling thread.
 */
final class PushbackExchange extends HttpExchange {
  private final HttpExchange delegate;
  private final OverloadSignal signal;

  PushbackExchange(HttpExchange delegate, OverloadSignal signal) {
    this.delegate = delegate;
    this.signal = signal;
  }

  @Override
  public void sendResponseHeaders(int rCode, long responseLength) throws IOException {
    if ((rCode >= 500 || rCode == 429) && signal.downstreamExhausted()) {
      delegate.getResponseHeaders().set(WireHeaders.RETRY_PUSHBACK_MS, OverloadPushbackFilter.DO_NOT_RETRY);
    }
    delegate.sendResponseHeaders(rCode, responseLength);
  }

  @Override
  public Headers getRequestHeaders() {
    return delegate.getRequestHeaders();
  }

  @Override
  public Headers getResponseHeaders() {
    return delegate.getResponseHeaders();
  }

  @Override
  public URI getRequestURI() {
    return delegate.getRequestURI();
  }

  @Override
  public String getRequestMethod() {
    return delegate.getRequestMethod();
  }

  @Override
  public HttpContext getHttpContext() {
    return delegate.getHttpContext();
  }

  @Override
  public void close() {
    delegate.close();
  }

  @Override
  public InputStream getRequestBody() {
    return delegate.getRequestBody();
  }

  @Override
  public OutputStream getResponseBody() {
    return delegate.getResponseBody();
  }

  @Override
  public InetSocketAddress getRemoteAddress() {
    return delegate.getRemoteAddress();
  }

  @Override
  public int getResponseCode() {
    return delegate.getResponseCode();
  }

  @Override
  public InetSocketAddress getLocalAddress() {
    return delegate.getLocalAddress();
  }

  @Override
  public String getProtocol() {
    return delegate.getProtocol();
  }

  @Override
  public Object getAttribute(String name) {
    return delegate.getAttribute(name);
  }

  @Override
  public void setAttribute(String name, Object value) {
    delegate.setAttribute(name, value);
  }

  @Override
  public void setStreams(InputStream i, OutputStream o) {
    delegate.setStreams(i, o);
  }

  @Override
  public HttpPrincipal getPrincipal() {
    return delegate.getPrincipal();
  }
}
