package dev.switchboard.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ExternalProcessesTest {
  @Test
  void etcdStartsStopsAndKeepsItsDataAcrossARestart() {
    try (EtcdProcess etcd = EtcdProcess.start()) {
      etcd.etcdctl("put", "k", "v1");
      etcd.stop();
      assertThat(etcd.isRunning()).isFalse();
      etcd.resume();
      assertThat(etcd.etcdctl("get", "k")).contains("v1");
    }
  }

  @Test
  void dnsmasqStartsOnALoopbackPortAndRestartsOnTheSamePort() {
    try (DnsmasqProcess dns = DnsmasqProcess.start("svc.test", Duration.ofSeconds(1),
        DnsmasqProcess.records().host("a.svc.test", "127.0.0.1"))) {
      int port = dns.port();
      assertThat(dns.isRunning()).isTrue();
      dns.restart(DnsmasqProcess.records().host("a.svc.test", "127.0.0.2"));
      assertThat(dns.port()).isEqualTo(port);
      assertThat(dns.isRunning()).isTrue();
      dns.stop();
      assertThat(dns.isRunning()).isFalse();
    }
  }
}
