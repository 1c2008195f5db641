package dev.switchboard.benchmarks.peer;

import dev.switchboard.client.ServiceConfig;
import dev.switchboard.http.HttpServiceClient;
import dev.switchboard.http.transport.HttpTransportFactory;
import dev.switchboard.policy.CircuitBreakerPolicy;
import dev.switchboard.policy.ConcurrencyLimitPolicy;
import java.time.Duration;

/** Switchboard's {@link HttpServiceClient} on each of its transports, with defaults and with the full stack. */
final class SwitchboardPeers {
  private SwitchboardPeers() {}

  /** Defaults: retries, the retry budget and hedging of idempotent calls on; breaker and limit off. */
  static PeerClient defaults(String base, String transportName, HttpTransportFactory transport) {
    return of("Switchboard on " + transportName,
        ServiceConfig.builder().baseUrl(base).timeout(Duration.ofSeconds(5)).build(), transport);
  }

  /** Retries + budget + circuit breaker + AIMD concurrency limit. */
  static PeerClient fullStack(String base, String transportName, HttpTransportFactory transport) {
    return of("Switchboard on " + transportName + ", full stack",
        ServiceConfig.builder().baseUrl(base).timeout(Duration.ofSeconds(5)).maxRetries(2)
            .circuitBreaker(CircuitBreakerPolicy.defaults())
            .concurrencyLimit(ConcurrencyLimitPolicy.aimd().build()).build(), transport);
  }

  private static PeerClient of(String name, ServiceConfig config, HttpTransportFactory transport) {
    HttpServiceClient client = new HttpServiceClient(config.toBuilder().transport(transport).build());
    return new PeerClient() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public User get(long id) {
        return client.get(PeerClient.path(id), User.class);
      }

      @Override
      public void close() {
        client.close();
      }
    };
  }
}
