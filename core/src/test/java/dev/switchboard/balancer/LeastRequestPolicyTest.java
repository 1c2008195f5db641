package dev.switchboard.balancer;

class LeastRequestPolicyTest extends LoadBalancerPolicyContract {
  @Override
  String policy() {
    return "least_request";
  }
}
