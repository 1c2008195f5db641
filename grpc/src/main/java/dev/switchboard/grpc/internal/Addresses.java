package dev.switchboard.grpc.internal;

import dev.switchboard.endpoint.Endpoint;
import dev.switchboard.endpoint.EndpointSet;
import io.grpc.Attributes;
import io.grpc.EquivalentAddressGroup;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Converts between Switchboard {@link Endpoint}s and grpc-java address groups. The endpoint rides
 * along as an attribute, so weight, zone and metadata reach the balancer unchanged. Stateless.
 */
public final class Addresses {
  /** The Switchboard endpoint an address group was made from. */
  public static final Attributes.Key<Endpoint> ENDPOINT = Attributes.Key.create("switchboard.endpoint");

  private Addresses() {}

  /** One address group per endpoint, in order. */
  public static List<EquivalentAddressGroup> toGroups(EndpointSet endpoints) {
    List<EquivalentAddressGroup> out = new ArrayList<>(endpoints.size());
    for (Endpoint e : endpoints.endpoints()) {
      out.add(new EquivalentAddressGroup(socketAddress(e), Attributes.newBuilder().set(ENDPOINT, e).build()));
    }
    return out;
  }

  /**
   * The endpoint of {@code group}: the attached one when our resolver made it, otherwise one built
   * from its first address (groups from grpc's own {@code dns:} resolver, say).
   */
  public static Endpoint toEndpoint(EquivalentAddressGroup group) {
    Endpoint attached = group.getAttributes().get(ENDPOINT);
    if (attached != null) {
      return attached;
    }
    SocketAddress first = group.getAddresses().get(0);
    if (first instanceof InetSocketAddress inet) {
      String host = inet.getAddress() != null ? inet.getAddress().getHostAddress() : inet.getHostString();
      return new Endpoint(host, inet.getPort(), Endpoint.DEFAULT_WEIGHT, "", Map.of());
    }
    throw new IllegalArgumentException("unsupported address type " + first.getClass().getName() + ": " + first);
  }

  private static InetSocketAddress socketAddress(Endpoint e) {
    String host = e.host();
    if (isIpLiteral(host)) {
      try {
        // Literal: no lookup happens; keeps the discovery thread non-blocking.
        return new InetSocketAddress(InetAddress.getByName(host), e.port());
      } catch (java.net.UnknownHostException ex) {
        throw new IllegalArgumentException("bad IP literal " + host, ex);
      }
    }
    // A host name: resolved by the JVM's resolver when the subchannel connects.
    return InetSocketAddress.createUnresolved(host, e.port());
  }

  static boolean isIpLiteral(String host) {
    if (host.indexOf(':') >= 0) {
      return true; // IPv6 (Endpoint keeps it without brackets)
    }
    int dots = 0;
    for (int i = 0; i < host.length(); i++) {
      char c = host.charAt(i);
      if (c == '.') {
        dots++;
      } else if (c < '0' || c > '9') {
        return false;
      }
    }
    return dots == 3;
  }
}
