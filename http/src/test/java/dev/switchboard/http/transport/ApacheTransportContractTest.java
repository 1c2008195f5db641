package dev.switchboard.http.transport;

/** The transport contract on Apache HttpClient 5 (HTTP/1.1: classic for blocking, async for the rest). */
class ApacheTransportContractTest extends TransportContract {
  @Override
  protected HttpTransportFactory transport() {
    return HttpTransportFactory.apache();
  }
}
