package dev.switchboard.discovery.eureka;

import dev.switchboard.discovery.DiscoveryEnvironment;
import dev.switchboard.discovery.DiscoveryTarget;
import dev.switchboard.discovery.Registrar;
import dev.switchboard.discovery.Registration;
import dev.switchboard.discovery.eureka.internal.EurekaRegistration;
import dev.switchboard.discovery.eureka.internal.EurekaTarget;
import dev.switchboard.endpoint.Endpoint;

/**
 * Registers under {@code eureka://host:port[,host:port...]/APP[?renewInterval=30s&leaseDuration=90s]}
 * as Spring Cloud's Eureka client would: instance {@code host:app:port} of application {@code APP},
 * status {@code UP}, the endpoint's port as the non-secure port, its metadata plus {@code zone},
 * {@code weight} and {@code priority} when set. The lease is renewed every {@code renewInterval}
 * (Eureka's default 30 s) and expires {@code leaseDuration} (90 s) after the last renewal if the
 * process dies; a renewal Eureka answers with 404 registers again. Closing deregisters at once.
 * Thread-safe.
 *
 * <pre>{@code
 * Registration self = Discovery.register("eureka://127.0.0.1:8761/USERS", Endpoint.of("10.0.0.7", 8080));
 * }</pre>
 */
public final class EurekaRegistrar implements Registrar {
  @Override
  public String scheme() {
    return "eureka";
  }

  @Override
  public Registration register(DiscoveryTarget target, Endpoint self, DiscoveryEnvironment environment) {
    return new EurekaRegistration(target.raw(), EurekaTarget.parse(target), self, environment).start();
  }
}
