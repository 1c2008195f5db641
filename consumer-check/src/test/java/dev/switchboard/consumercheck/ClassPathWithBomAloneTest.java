package dev.switchboard.consumercheck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.consumercheck.ClassPathJars.RepoJar;
import io.netty.util.Version;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * This module is a user's project: it imports switchboard-bom and nothing else, and depends on every
 * published module. Each library below comes from several of them (Netty from ZooKeeper, jetcd's
 * Vert.x and jetcd's grpc-netty), so without the BOM's alignment each would arrive in mixed versions.
 */
class ClassPathWithBomAloneTest {
  private static final Map<String, String> BOM = Poms.properties(Poms.read(Poms.root().resolve("bom/pom.xml")));

  @Test
  void everyNettyJarIsTheVersionTheBomNames() {
    // netty-tcnative (the BoringSSL binding) has its own release train; netty-bom pins it too.
    List<RepoJar> netty = ClassPathJars.inGroup("io.netty").stream()
        .filter(jar -> !jar.artifactId().startsWith("netty-tcnative"))
        .toList();

    assertThat(artifactIds(netty))
        .as("Netty reaches the consumer through ZooKeeper and jetcd")
        .contains("netty-common", "netty-handler", "netty-transport-native-epoll", "netty-codec-http2");
    assertThat(versionsOf(netty)).as(describe(netty)).containsExactly(BOM.get("netty.version"));
  }

  @Test
  void nettyItselfReportsOneVersionForEveryArtifactItLoads() {
    // Version.identify() reads META-INF/io.netty.versions.properties from every Netty jar at run time.
    Map<String, Version> loaded = Version.identify();
    TreeMap<String, String> versions = new TreeMap<>();
    loaded.forEach((artifact, version) -> versions.put(artifact, version.artifactVersion()));

    assertThat(versions).containsKeys("netty-common", "netty-handler", "netty-codec-http2");
    assertThat(new TreeSet<>(versions.values())).as(versions.toString()).containsExactly(BOM.get("netty.version"));
  }

  @Test
  void everyGrpcJarIsTheVersionTheBomNames() {
    List<RepoJar> grpc = ClassPathJars.inGroup("io.grpc");

    assertThat(artifactIds(grpc))
        .as("grpc-netty comes from jetcd, the rest from switchboard-grpc")
        .contains("grpc-api", "grpc-core", "grpc-netty", "grpc-netty-shaded");
    assertThat(versionsOf(grpc)).as(describe(grpc)).containsExactly(BOM.get("grpc.version"));
  }

  @Test
  void everyProtobufJarIsTheVersionTheBomNames() {
    List<RepoJar> protobuf = ClassPathJars.inGroup("com.google.protobuf");

    assertThat(artifactIds(protobuf)).contains("protobuf-java", "protobuf-java-util");
    assertThat(versionsOf(protobuf)).as(describe(protobuf)).containsExactly(BOM.get("protobuf.version"));
  }

  @Test
  void theBomPinsTheVersionsTheBuildTestsWith() {
    Map<String, String> build = Poms.properties(Poms.read(Poms.root().resolve("pom.xml")));

    for (String property : List.of("netty.version", "grpc.version", "protobuf.version")) {
      assertThat(BOM.get(property))
          .as("%s in bom/pom.xml must equal the parent pom.xml's, which the modules' tests run on", property)
          .isNotBlank()
          .isEqualTo(build.get(property));
    }
  }

  private static TreeSet<String> artifactIds(List<RepoJar> jars) {
    return jars.stream().map(RepoJar::artifactId).collect(Collectors.toCollection(TreeSet::new));
  }

  private static TreeSet<String> versionsOf(List<RepoJar> jars) {
    return jars.stream().map(RepoJar::version).collect(Collectors.toCollection(TreeSet::new));
  }

  private static String describe(List<RepoJar> jars) {
    return jars.stream().map(RepoJar::id).sorted().toList().toString();
  }
}
