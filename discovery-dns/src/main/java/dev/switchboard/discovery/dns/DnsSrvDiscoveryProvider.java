package dev.switchboard.discovery.dns;

import dev.switchboard.discovery.DiscoveryEnvironment;
import dev.switchboard.discovery.DiscoveryProvider;
import dev.switchboard.discovery.DiscoveryTarget;
import dev.switchboard.discovery.EndpointSource;
import dev.switchboard.discovery.dns.internal.DnsEndpointSource;
import dev.switchboard.discovery.dns.internal.DnsLookups;
import dev.switchboard.discovery.dns.internal.DnsSettings;
import dev.switchboard.discovery.dns.internal.DnsTargets;
import org.xbill.DNS.Name;

/**
 * {@code dns+srv:[//server[:port]]/_service._proto.name[?minTtl=1s&maxTtl=5m&timeout=2s]}: the SRV
 * records of the name. Each record's target is resolved (from the additional section, else by
 * A/AAAA queries through the same server) and becomes one endpoint per address, with:
 *
 * <ul>
 *   <li>the record's port;
 *   <li>its priority as the endpoint's {@linkplain dev.switchboard.endpoint.Endpoint#priority()
 *       priority}, so every balancing policy uses the lowest priority while any of its targets is
 *       usable and fails over to the next only when none is (RFC 2782);
 *   <li>its weight, times 100, as the endpoint weight, so traffic within a priority splits by SRV
 *       weight; weight 0 becomes 1, RFC 2782's "very small chance" next to positive weights;
 *   <li>no zone (SRV records carry no locality; {@code BalancingPolicy.zone} applies to sources
 *       that have one);
 *   <li>metadata {@code dns.target}, {@code srv.priority}, {@code srv.weight} (the raw values).
 * </ul>
 *
 * <p>This needs no configuration: the default balancing options give RFC 2782 behaviour over HTTP
 * and gRPC alike.
 *
 * <p>Refreshed after the smallest TTL involved, clamped to [minTtl, maxTtl]. Zero SRV records after
 * a non-empty set is a real change (the empty set is published); a failed query is not. An SRV
 * target without addresses is skipped with a warning. Thread-safe.
 *
 * <pre>{@code
 * ServiceConfig.target("dns+srv:///_users._tcp.svc.test");
 * ServiceConfig.target("dns+srv://127.0.0.1:5353/_users._tcp.svc.test?maxTtl=30s");
 * }</pre>
 */
public final class DnsSrvDiscoveryProvider implements DiscoveryProvider {
  @Override
  public String scheme() {
    return "dns+srv";
  }

  @Override
  public EndpointSource open(DiscoveryTarget target, DiscoveryEnvironment environment) {
    DnsSettings settings = DnsSettings.from(target);
    String service = target.name();
    if (service.contains(":") || service.contains("/")) {
      throw new IllegalArgumentException("SRV target \"" + target.raw()
          + "\" must be a bare name such as dns+srv:///_users._tcp.svc.test (SRV records carry the ports)");
    }
    Name name = DnsTargets.name(service, target);
    DnsLookups lookups = DnsTargets.lookups(target, settings);
    return new DnsEndpointSource(target, environment, settings, source -> lookups.srv(name, source)).start();
  }
}
