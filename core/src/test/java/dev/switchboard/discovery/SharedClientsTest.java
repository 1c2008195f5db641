package dev.switchboard.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SharedClientsTest {
  private final List<String> opened = new ArrayList<>();
  private final List<String> closed = new ArrayList<>();
  private final SharedClients<String, String> clients = new SharedClients<>(
      key -> {
        opened.add(key);
        return "client-" + key;
      },
      closed::add);

  @Test
  void usersOfOneKeyShareOneClientClosedWhenTheLastLetsGo() {
    SharedClients.Lease<String> a = clients.acquire("cluster-1");
    SharedClients.Lease<String> b = clients.acquire("cluster-1");
    SharedClients.Lease<String> other = clients.acquire("cluster-2");
    assertThat(a.client()).isSameAs(b.client()).isEqualTo("client-cluster-1");
    assertThat(opened).containsExactly("cluster-1", "cluster-2");

    a.close();
    a.close(); // a second close must not release b's reference
    assertThat(closed).isEmpty();
    b.close();
    assertThat(closed).containsExactly("client-cluster-1");
    other.close();
    assertThat(closed).containsExactly("client-cluster-1", "client-cluster-2");
  }

  @Test
  void aKeyIsOpenedAgainAfterItsClientWasClosed() {
    clients.acquire("k").close();
    clients.acquire("k").close();
    assertThat(opened).containsExactly("k", "k");
    assertThat(closed).hasSize(2);
  }
}
