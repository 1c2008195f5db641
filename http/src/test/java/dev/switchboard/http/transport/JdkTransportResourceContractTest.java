package dev.switchboard.http.transport;

/**
 * The resource contract on {@code java.net.http}. What it cannot promise it declares
 * ({@code JdkClientTransport.limits()}), and the suite checks that exact behaviour instead.
 */
class JdkTransportResourceContractTest extends TransportResourceContract {
  @Override
  protected HttpTransportFactory transport() {
    return HttpTransportFactory.jdk();
  }

  /** The executor's threads plus the JDK client's selector thread (see JdkClientTransport). */
  @Override
  protected int threadLimit() {
    return Math.max(4, 2 * Runtime.getRuntime().availableProcessors()) + 1;
  }
}
