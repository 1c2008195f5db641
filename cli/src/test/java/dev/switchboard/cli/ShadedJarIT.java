package dev.switchboard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * Checks {@code cli/target/switchboard.jar}, the jar {@code ./switchboard} runs: every discovery
 * provider's {@code META-INF/services} entry survived the shade merge, and the jar resolves and
 * advertises every scheme. Runs in the {@code package} phase, after the shade plugin.
 */
class ShadedJarIT {
  private static final String JAR_PROPERTY = System.getProperty("switchboard.jar");
  private static final Path JAR = Path.of(JAR_PROPERTY == null ? "target/switchboard.jar" : JAR_PROPERTY);

  @org.junit.jupiter.api.BeforeAll
  static void onlyAfterTheShadePlugin() {
    // The package-phase execution sets the property; a test run before packaging would see a stale jar.
    org.junit.jupiter.api.Assumptions.assumeTrue(JAR_PROPERTY != null, "runs in the package phase");
  }

  @Test
  void theMergedServiceFilesListEveryDiscoveryProviderAndRegistrar() throws IOException {
    try (JarFile jar = new JarFile(JAR.toFile())) {
      String providers = read(jar, "META-INF/services/dev.switchboard.discovery.DiscoveryProvider");
      String registrars = read(jar, "META-INF/services/dev.switchboard.discovery.Registrar");
      String resolvers = read(jar, "META-INF/services/io.grpc.NameResolverProvider");

      assertThat(providers).contains("StaticDiscoveryProvider", "MemDiscoveryProvider", "DnsDiscoveryProvider",
          "DnsSrvDiscoveryProvider", "ZkDiscoveryProvider", "EtcdDiscoveryProvider");
      assertThat(registrars).contains("MemRegistrar", "ZkRegistrar", "EtcdRegistrar");
      assertThat(resolvers).contains("BuiltInProviders$ZkScheme", "BuiltInProviders$EtcdScheme");
    }
  }

  @Test
  void theJarAdvertisesExactlyTheSchemesItCanResolve() throws Exception {
    Run help = java("call", "--help");

    assertThat(help.exit()).isZero();
    assertThat(help.out()).contains("Destinations: http: https: dns: dns+srv: etcd: mem: static: zk:");
  }

  @Test
  void aBadTargetThroughTheJarIsOneLineAndExitStatusTwo() throws Exception {
    Run bad = java("call", "users-service:8080", "/users/1");

    assertThat(bad.exit()).isEqualTo(2);
    assertThat(bad.err().strip().split("\\R")).hasSize(1);
    assertThat(bad.err()).contains("has no scheme").doesNotContain("Exception");
  }

  private record Run(int exit, String out, String err) {}

  private static Run java(String... args) throws IOException, InterruptedException {
    List<String> command = new java.util.ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR.toString()));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).start();
    p.getOutputStream().close();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Run(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
        new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
  }

  private static String read(JarFile jar, String entry) throws IOException {
    var e = jar.getEntry(entry);
    assertThat(e).as(entry).isNotNull();
    return new String(jar.getInputStream(e).readAllBytes(), StandardCharsets.UTF_8);
  }
}
