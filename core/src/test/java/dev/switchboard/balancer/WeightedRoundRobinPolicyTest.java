package dev.switchboard.balancer;

class WeightedRoundRobinPolicyTest extends LoadBalancerPolicyContract {
  @Override
  String policy() {
    return "weighted_round_robin";
  }
}
