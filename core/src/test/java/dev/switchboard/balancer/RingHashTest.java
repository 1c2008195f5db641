package dev.switchboard.balancer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.endpoint.Endpoint;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RingHashTest {
  private static final int KEYS = 20_000;

  private static BalancerHarness harness() {
    return new BalancerHarness("ring_hash", BalancingPolicy.builder().slowStartWindow(Duration.ZERO).build(), 3);
  }

  private static Map<String, Endpoint> owners(BalancerHarness h) {
    Map<String, Endpoint> out = new HashMap<>();
    for (int i = 0; i < KEYS; i++) {
      String key = "session-" + i;
      out.put(key, h.pick(new PickContext(List.of(), key, "")));
    }
    return out;
  }

  @Test
  void sendsTheSameKeyToTheSameEndpointAcrossPicksAndRebuilds() {
    List<Endpoint> es = BalancerHarness.endpoints(10);
    try (BalancerHarness h = harness()) {
      h.update(es);
      Map<String, Endpoint> first = owners(h);
      assertThat(owners(h)).isEqualTo(first);
      h.update(List.copyOf(es)); // a rebuild with the same set
      assertThat(owners(h)).isEqualTo(first);
      // and a fresh balancer (another client process) agrees: points depend only on addresses
      try (BalancerHarness other = harness()) {
        other.update(es);
        assertThat(owners(other)).isEqualTo(first);
      }
    }
  }

  @Test
  void removingOneOfTenEndpointsRemapsAboutATenthOfTheKeysAndOnlyItsOwn() {
    List<Endpoint> es = BalancerHarness.endpoints(10);
    try (BalancerHarness h = harness()) {
      h.update(es);
      Map<String, Endpoint> before = owners(h);
      Endpoint removed = es.get(6);
      h.update(es.stream().filter(e -> !e.equals(removed)).toList());
      Map<String, Endpoint> after = owners(h);
      int moved = 0;
      for (String key : before.keySet()) {
        if (!before.get(key).equals(after.get(key))) {
          moved++;
          assertThat(before.get(key)).as("only keys of the removed endpoint move").isEqualTo(removed);
        }
      }
      double fraction = (double) moved / KEYS;
      assertThat(fraction).isBetween(0.05, 0.16);
    }
  }

  @Test
  void loadIsSpreadAcrossEndpointsWithinAFactorOfTwo() {
    try (BalancerHarness h = harness()) {
      h.update(BalancerHarness.endpoints(10));
      Map<Endpoint, Integer> counts = new HashMap<>();
      owners(h).values().forEach(e -> counts.merge(e, 1, Integer::sum));
      assertThat(counts).hasSize(10);
      counts.values().forEach(c -> assertThat(c).isBetween(KEYS / 20, KEYS / 5));
    }
  }

  @Test
  void anExcludedOwnerPassesItsKeyToTheNextEndpointOnTheRingDeterministically() {
    List<Endpoint> es = BalancerHarness.endpoints(5);
    try (BalancerHarness h = harness()) {
      h.update(es);
      Endpoint owner = h.pick(new PickContext(List.of(), "k", ""));
      Endpoint next = h.pick(new PickContext(List.of(owner), "k", ""));
      assertThat(next).isNotNull().isNotEqualTo(owner);
      assertThat(h.pick(new PickContext(List.of(owner), "k", ""))).isEqualTo(next);
    }
  }
}
