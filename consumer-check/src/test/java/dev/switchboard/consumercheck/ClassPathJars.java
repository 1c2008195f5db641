package dev.switchboard.consumercheck;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The jars on this test's class path, which Maven built from the consumer's dependencies. Jars from
 * a repository are recognised by its layout: {@code .../<group path>/<artifactId>/<version>/<artifactId>-<version>[-classifier].jar}.
 */
final class ClassPathJars {
  private ClassPathJars() {}

  /** A jar laid out as in a Maven repository. */
  record RepoJar(String groupPath, String artifactId, String version, Path file) {
    String id() {
      return groupPath.replace('/', '.') + ":" + artifactId + ":" + version;
    }
  }

  static List<Path> all() {
    List<Path> jars = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path path = Path.of(entry);
      if (entry.endsWith(".jar") && Files.isRegularFile(path)) {
        jars.add(path);
      }
    }
    return jars;
  }

  /** The repository jars whose group is {@code groupId} (e.g. {@code io.netty}). */
  static List<RepoJar> inGroup(String groupId) {
    String groupPath = groupId.replace('.', '/');
    List<RepoJar> jars = new ArrayList<>();
    for (Path jar : all()) {
      Path versionDir = jar.getParent();
      Path artifactDir = versionDir == null ? null : versionDir.getParent();
      Path groupDir = artifactDir == null ? null : artifactDir.getParent();
      if (groupDir == null) {
        continue;
      }
      String artifactId = artifactDir.getFileName().toString();
      String version = versionDir.getFileName().toString();
      boolean layout = jar.getFileName().toString().startsWith(artifactId + "-" + version);
      if (layout && groupDir.toString().replace(File.separatorChar, '/').endsWith("/" + groupPath)) {
        jars.add(new RepoJar(groupPath, artifactId, version, jar));
      }
    }
    return jars;
  }
}
