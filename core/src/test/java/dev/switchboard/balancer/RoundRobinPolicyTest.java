package dev.switchboard.balancer;

class RoundRobinPolicyTest extends LoadBalancerPolicyContract {
  @Override
  String policy() {
    return "round_robin";
  }
}
