package dev.switchboard.discovery.dns;

import dev.switchboard.discovery.AbstractEndpointSource;
import dev.switchboard.discovery.DiscoveryEnvironment;
import dev.switchboard.discovery.DiscoveryProvider;
import dev.switchboard.discovery.DiscoveryTarget;
import dev.switchboard.discovery.EndpointSource;
import dev.switchboard.discovery.dns.internal.DnsEndpointSource;
import dev.switchboard.discovery.dns.internal.DnsLookups;
import dev.switchboard.discovery.dns.internal.DnsSettings;
import dev.switchboard.discovery.dns.internal.DnsTargets;
import dev.switchboard.endpoint.Endpoint;
import dev.switchboard.endpoint.EndpointSet;
import org.xbill.DNS.Address;
import org.xbill.DNS.Name;

/**
 * {@code dns:[//server[:port]]/host:port[?minTtl=1s&maxTtl=5m&timeout=2s]}: the A and AAAA records
 * of {@code host}, each address with {@code port}. Re-queried after the records' TTL, clamped to
 * [minTtl, maxTtl]. Without a server the system resolver is used.
 *
 * <pre>{@code
 * ServiceConfig.target("dns:///users.svc.cluster.local:8080");
 * ServiceConfig.target("dns://127.0.0.1:5353/users.svc.test:8080?minTtl=2s");
 * }</pre>
 *
 * <p>A missing port, a bad name or an unknown parameter fails in {@link #open}, quoting the
 * target. NXDOMAIN or no records publish the empty set; a failed query keeps the last set.
 * Thread-safe.
 */
public final class DnsDiscoveryProvider implements DiscoveryProvider {
  @Override
  public String scheme() {
    return "dns";
  }

  @Override
  public EndpointSource open(DiscoveryTarget target, DiscoveryEnvironment environment) {
    DnsSettings settings = DnsSettings.from(target);
    String hostPort = target.name();
    String host;
    String portText;
    if (hostPort.startsWith("[")) {
      int close = hostPort.indexOf(']');
      if (close < 0 || close + 1 >= hostPort.length() || hostPort.charAt(close + 1) != ':') {
        throw missingPort(target);
      }
      host = hostPort.substring(1, close);
      portText = hostPort.substring(close + 2);
    } else {
      int colon = hostPort.lastIndexOf(':');
      if (colon < 0) {
        throw missingPort(target);
      }
      host = hostPort.substring(0, colon);
      portText = hostPort.substring(colon + 1);
    }
    int port;
    try {
      port = Integer.parseInt(portText);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("bad port \"" + portText + "\" in DNS target \"" + target.raw() + "\"");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port " + port + " out of range 1..65535 in DNS target \"" + target.raw() + "\"");
    }
    if (Address.isDottedQuad(host) || Address.toByteArray(host, Address.IPv6) != null) {
      // an IP literal needs no query; it never changes
      EndpointSet fixed = EndpointSet.of(Endpoint.of(host, port));
      return new AbstractEndpointSource(target, environment) {
        {
          publish(fixed);
        }

        @Override
        protected void doClose() {}
      };
    }
    Name name = DnsTargets.name(host, target);
    DnsLookups lookups = DnsTargets.lookups(target, settings);
    return new DnsEndpointSource(target, environment, settings, source -> lookups.addresses(name, port)).start();
  }

  private static IllegalArgumentException missingPort(DiscoveryTarget target) {
    return new IllegalArgumentException("missing port in DNS target \"" + target.raw()
        + "\" (expected dns:///host:port; use dns+srv: to take ports from SRV records)");
  }
}
