package dev.switchboard.balancer;

class PeakEwmaPolicyTest extends LoadBalancerPolicyContract {
  @Override
  String policy() {
    return "peak_ewma";
  }
}
