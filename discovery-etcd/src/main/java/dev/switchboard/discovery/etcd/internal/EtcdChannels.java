package dev.switchboard.discovery.etcd.internal;

import io.etcd.jetcd.Client;
import io.grpc.ManagedChannel;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reaches the gRPC channel inside a jetcd {@link Client} to cut its reconnect backoff short.
 *
 * <p>Why: grpc-java waits 1 s, 1.6 s, 2.6 s, ... up to 2 minutes between connection attempts to a
 * server that refused them, and RPCs issued meanwhile fail at once without trying. After a 5 s
 * outage the channel may thus stay down for seconds after etcd is back. A source that finds etcd
 * unreachable calls {@link ManagedChannel#resetConnectBackoff()} (grpc-java's hook for "the network
 * may be back") before each probe, so the probe itself is the reconnection attempt and its own,
 * bounded backoff is the only one that applies. jetcd keeps the channel private; it is read by
 * reflection once. If that fails (another jetcd layout) the source still works, with gRPC's
 * backoff, and this says so once in the log. Thread-safe.
 */
final class EtcdChannels {
  private static final Logger log = LoggerFactory.getLogger(EtcdChannels.class);
  private static final Field MANAGER;
  private static final Method CHANNEL;

  static {
    Field manager = null;
    Method channel = null;
    try {
      manager = Class.forName("io.etcd.jetcd.impl.ClientImpl").getDeclaredField("connectionManager");
      manager.setAccessible(true);
      channel = manager.getType().getDeclaredMethod("getChannel");
      channel.setAccessible(true);
    } catch (ReflectiveOperationException | RuntimeException e) {
      log.info("cannot reach jetcd's gRPC channel ({}); after an outage etcd sources reconnect on gRPC's own "
          + "backoff", e.toString());
      manager = null;
      channel = null;
    }
    MANAGER = manager;
    CHANNEL = channel;
  }

  private EtcdChannels() {}

  /** Makes {@code client}'s channel try to connect now if it is waiting out a backoff. Never throws. */
  static void resetConnectBackoff(Client client) {
    if (MANAGER == null || !MANAGER.getDeclaringClass().isInstance(client)) {
      return;
    }
    try {
      ((ManagedChannel) CHANNEL.invoke(MANAGER.get(client))).resetConnectBackoff();
    } catch (ReflectiveOperationException | RuntimeException e) {
      log.debug("resetting jetcd's connect backoff failed", e);
    }
  }
}
