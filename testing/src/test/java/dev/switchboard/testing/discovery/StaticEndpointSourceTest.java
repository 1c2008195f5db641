package dev.switchboard.testing.discovery;

import dev.switchboard.endpoint.Endpoint;
import java.util.List;
import java.util.stream.Collectors;

class StaticEndpointSourceTest extends EndpointSourceContract {
  @Override
  protected Fixture newFixture(List<Endpoint> initial) {
    String target = "static:" + initial.stream().map(Endpoint::address).collect(Collectors.joining(","));
    return new Fixture() {
      @Override
      public String target() {
        return target;
      }

      @Override
      public void set(List<Endpoint> endpoints) {
        throw new UnsupportedOperationException("static targets never change");
      }

      @Override
      public boolean mutable() {
        return false;
      }

      @Override
      public boolean canFail() {
        return false;
      }
    };
  }
}
