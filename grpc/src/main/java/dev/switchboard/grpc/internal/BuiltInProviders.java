package dev.switchboard.grpc.internal;

import dev.switchboard.grpc.SwitchboardLoadBalancerProvider;
import dev.switchboard.grpc.SwitchboardNameResolverProvider;

/**
 * The no-argument provider classes grpc-java's service loader instantiates, one per built-in
 * discovery scheme and balancing policy. Each is available only when core (or a discovery module)
 * really serves its name, so listing a scheme here before its module exists is harmless.
 */
public final class BuiltInProviders {
  private BuiltInProviders() {}

  public static final class StaticScheme extends SwitchboardNameResolverProvider {
    public StaticScheme() {
      super("static");
    }
  }

  public static final class MemScheme extends SwitchboardNameResolverProvider {
    public MemScheme() {
      super("mem");
    }
  }

  public static final class DnsSrvScheme extends SwitchboardNameResolverProvider {
    public DnsSrvScheme() {
      super("dns+srv");
    }
  }

  public static final class ZkScheme extends SwitchboardNameResolverProvider {
    public ZkScheme() {
      super("zk");
    }
  }

  public static final class EtcdScheme extends SwitchboardNameResolverProvider {
    public EtcdScheme() {
      super("etcd");
    }
  }

  public static final class Generic extends SwitchboardLoadBalancerProvider {
    public Generic() {
      super(null);
    }
  }

  public static final class RoundRobin extends SwitchboardLoadBalancerProvider {
    public RoundRobin() {
      super("round_robin");
    }
  }

  public static final class WeightedRoundRobin extends SwitchboardLoadBalancerProvider {
    public WeightedRoundRobin() {
      super("weighted_round_robin");
    }
  }

  public static final class Random extends SwitchboardLoadBalancerProvider {
    public Random() {
      super("random");
    }
  }

  public static final class LeastRequest extends SwitchboardLoadBalancerProvider {
    public LeastRequest() {
      super("least_request");
    }
  }

  public static final class PeakEwma extends SwitchboardLoadBalancerProvider {
    public PeakEwma() {
      super("peak_ewma");
    }
  }

  public static final class RingHash extends SwitchboardLoadBalancerProvider {
    public RingHash() {
      super("ring_hash");
    }
  }
}
