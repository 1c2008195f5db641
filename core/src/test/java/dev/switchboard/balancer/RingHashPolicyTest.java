package dev.switchboard.balancer;

import java.util.List;

class RingHashPolicyTest extends LoadBalancerPolicyContract {
  @Override
  String policy() {
    return "ring_hash";
  }

  @Override
  PickContext context(int i) {
    return new PickContext(List.of(), "user-" + i, "");
  }
}
