package dev.switchboard.http.transport;

import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The transport contract on {@code java.net.http}. The promises it cannot keep are disabled here
 * with the reason; {@code JdkClientTransport} documents them for users.
 */
class JdkTransportContractTest extends TransportContract {
  @Override
  protected HttpTransportFactory transport() {
    return HttpTransportFactory.jdk();
  }

  @Override
  @ParameterizedTest
  @EnumSource(Mode.class)
  @Disabled("java.net.http re-sends a GET once by itself when a pooled connection fails before a byte"
      + " of the answer (MultiExchange + Http1AsyncReceiver: ConnectionExpiredException); no per-client"
      + " or JVM-wide switch turns that off")
  void exactlyOneRequestGoesOnTheWirePerAttemptWhenAPooledConnectionIsClosedWithoutAnAnswer(Mode mode) {}

  @Override
  @ParameterizedTest
  @EnumSource(Mode.class)
  @Disabled("java.net.http re-sends a GET once by itself when a pooled connection is reset before a byte"
      + " of the answer (see the test above)")
  void exactlyOneRequestGoesOnTheWirePerAttemptWhenTheServerResets(Mode mode) {}
}
