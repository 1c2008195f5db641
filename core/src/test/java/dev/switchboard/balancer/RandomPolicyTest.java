package dev.switchboard.balancer;

class RandomPolicyTest extends LoadBalancerPolicyContract {
  @Override
  String policy() {
    return "random";
  }
}
