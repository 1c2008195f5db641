package dev.switchboard.http.transport;

/** The resource contract on Apache HttpClient 5. */
class ApacheTransportResourceContractTest extends TransportResourceContract {
  @Override
  protected HttpTransportFactory transport() {
    return HttpTransportFactory.apache();
  }

  /** The async client's I/O threads plus the one that starts them (see ApacheHttpTransport). */
  @Override
  protected int threadLimit() {
    return dev.switchboard.transport.ConnectionPolicy.defaults().ioThreads() + 1;
  }
}
