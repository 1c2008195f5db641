package dev.switchboard.http.transport;

/**
 * The transport contract on {@code java.net.http}. What it cannot promise it declares
 * ({@code JdkClientTransport.limits()}), and the suite checks that exact behaviour instead.
 */
class JdkTransportContractTest extends TransportContract {
  @Override
  protected HttpTransportFactory transport() {
    return HttpTransportFactory.jdk();
  }
}
