package dev.switchboard.discovery.eureka;

import dev.switchboard.discovery.DiscoveryEnvironment;
import dev.switchboard.discovery.DiscoveryProvider;
import dev.switchboard.discovery.DiscoveryTarget;
import dev.switchboard.discovery.EndpointSource;
import dev.switchboard.discovery.eureka.internal.EurekaEndpointSource;
import dev.switchboard.discovery.eureka.internal.EurekaTarget;

/**
 * {@code eureka://host:port[,host:port...]/APP[?refreshInterval=5s&timeout=5s&path=/eureka&tls=false&useIpAddress=false]}:
 * the instances of application {@code APP} (case-insensitive; Eureka stores names in upper case)
 * in a Eureka registry such as Spring Cloud Netflix's server, read through Eureka's REST API at
 * {@code http://host:port/eureka/apps/}.
 *
 * <pre>{@code
 * ServiceConfig.target("eureka://10.0.0.5:8761,10.0.0.6:8761/USERS");
 * }</pre>
 *
 * <ul>
 *   <li><b>Fetching</b>, as Netflix's {@code DiscoveryClient} does: the whole registry once, then
 *       {@code /apps/delta} every {@code refreshInterval} (default 5 s), applied to the local copy
 *       and checked against the server's {@code apps__hashcode}; a mismatch fetches in full. One
 *       poll per Eureka cluster serves every application the process reads.
 *   <li><b>Servers</b> are tried in order; the one that answered is kept until it fails, then the
 *       next is tried (Eureka servers replicate each other).
 *   <li><b>Status</b>: only {@code UP} instances are endpoints; {@code DOWN}, {@code STARTING},
 *       {@code OUT_OF_SERVICE} and {@code UNKNOWN} get no traffic.
 *   <li><b>Endpoint</b>: the instance's {@code hostName} (its {@code ipAddr} with
 *       {@code useIpAddress=true}) and its secure port when {@code securePortEnabled}, else its
 *       port (metadata {@code eureka.secure} says which; call it with {@code ServiceConfig...tls(true)}
 *       when it is true); zone from metadata {@code zone}, else the AWS {@code availability-zone}
 *       of its data-center info; metadata {@code weight} and {@code priority} when present; the
 *       instance's metadata plus {@code eureka.instanceId} and {@code eureka.app}.
 * </ul>
 *
 * <p>A failed fetch keeps the last set and reports the error. Thread-safe.
 */
public final class EurekaDiscoveryProvider implements DiscoveryProvider {
  @Override
  public String scheme() {
    return "eureka";
  }

  @Override
  public EndpointSource open(DiscoveryTarget target, DiscoveryEnvironment environment) {
    return new EurekaEndpointSource(target, environment, EurekaTarget.parse(target));
  }
}
