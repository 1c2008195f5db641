package dev.switchboard.discovery.dns.internal;

import dev.switchboard.discovery.DiscoveryTarget;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Name;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TextParseException;

/** Parsing shared by {@code dns:} and {@code dns+srv:} targets. Every failure quotes the target. */
public final class DnsTargets {
  private DnsTargets() {}

  /**
   * The resolver named by the target's authority ({@code dns://127.0.0.1:5353/...}, port 53 by
   * default), or the system resolver ({@code /etc/resolv.conf}) when there is none.
   */
  public static DnsLookups lookups(DiscoveryTarget target, DnsSettings settings) {
    String authority = target.authority();
    Resolver resolver;
    String server;
    if (authority == null || authority.isEmpty()) {
      ExtendedResolver system = new ExtendedResolver();
      system.setTimeout(settings.timeout());
      resolver = system;
      server = "the system resolver";
    } else {
      URI parsed;
      try {
        parsed = new URI(null, authority, null, null, null).parseServerAuthority();
      } catch (URISyntaxException e) {
        throw new IllegalArgumentException("bad DNS server \"" + authority + "\" in target \"" + target.raw()
            + "\" (expected host[:port], e.g. dns://127.0.0.1:5353/...)", e);
      }
      int port = parsed.getPort() == -1 ? 53 : parsed.getPort();
      String host = parsed.getHost();
      if (host.startsWith("[") && host.endsWith("]")) {
        host = host.substring(1, host.length() - 1);
      }
      SimpleResolver simple = new SimpleResolver(new InetSocketAddress(host, port));
      simple.setTimeout(settings.timeout());
      resolver = simple;
      server = authority;
    }
    return new DnsLookups(resolver, server);
  }

  /** {@code host} as an absolute DNS name. */
  public static Name name(String host, DiscoveryTarget target) {
    if (host.isEmpty()) {
      throw new IllegalArgumentException("DNS target \"" + target.raw() + "\" names no host");
    }
    try {
      return Name.fromString(host, Name.root);
    } catch (TextParseException e) {
      throw new IllegalArgumentException(
          "bad DNS name \"" + host + "\" in target \"" + target.raw() + "\": " + e.getMessage(), e);
    }
  }
}
