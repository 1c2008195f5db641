package dev.switchboard.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real browser for tests of pages as people see them: Debian's {@code chromium} (which {@code
 * .ci/run} installs), headless, with a throw-away profile, no background networking and no
 * sandbox (tests run as root in containers). {@link #dumpDom} returns the DOM after the page's
 * scripts ran for a virtual-time budget; {@link #screenshot} saves a PNG. Each call starts and
 * ends its own browser process, bounded to a minute. Stateless; thread-safe.
 */
public final class HeadlessChromium {
  private static final Duration LIMIT = Duration.ofSeconds(60);

  private HeadlessChromium() {}

  /** True when a {@code chromium} binary is installed here. */
  public static boolean isInstalled() {
    return ExternalProcess.installed("chromium");
  }

  /**
   * Loads {@code url}, lets its scripts, timers and fetches run for {@code budget} of virtual time
   * (the browser skips idle waits, so this takes far less wall time), and returns the DOM as HTML.
   */
  public static String dumpDom(String url, Duration budget) {
    return new String(run(List.of("--virtual-time-budget=" + budget.toMillis(), "--dump-dom", url)),
        StandardCharsets.UTF_8);
  }

  /** Loads {@code url} like {@link #dumpDom} and saves a {@code width x height} PNG to {@code png}. */
  public static void screenshot(String url, Duration budget, Path png, int width, int height) {
    run(List.of("--virtual-time-budget=" + budget.toMillis(), "--hide-scrollbars",
        "--window-size=" + width + "," + height, "--screenshot=" + png.toAbsolutePath(), url));
    if (!Files.isRegularFile(png)) {
      throw new IllegalStateException("chromium wrote no screenshot to " + png);
    }
  }

  private static byte[] run(List<String> args) {
    Path profile = null;
    Process process = null;
    try {
      profile = Files.createTempDirectory("chromium-");
      Path log = profile.resolve("chromium.log");
      List<String> cmd = new ArrayList<>(List.of(ExternalProcess.binary("chromium"), "--headless", "--no-sandbox",
          "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update",
          "--disable-sync", "--no-first-run", "--no-default-browser-check", "--user-data-dir=" + profile));
      cmd.addAll(args);
      process = new ProcessBuilder(cmd).redirectError(log.toFile()).start();
      Process p = process;
      byte[][] out = new byte[1][];
      Thread reader = new Thread(() -> {
        try {
          out[0] = p.getInputStream().readAllBytes();
        } catch (IOException e) {
          out[0] = new byte[0];
        }
      }, "chromium-stdout");
      reader.start();
      if (!process.waitFor(LIMIT.toSeconds(), TimeUnit.SECONDS)) {
        throw new IllegalStateException("chromium did not finish within " + LIMIT.toSeconds() + " s: " + args
            + "\n" + ExternalProcess.tail(log));
      }
      reader.join(TimeUnit.SECONDS.toMillis(10));
      if (process.exitValue() != 0) {
        throw new IllegalStateException("chromium exited with " + process.exitValue() + ": " + args + "\n"
            + ExternalProcess.tail(log));
      }
      return out[0] == null ? new byte[0] : out[0];
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run chromium", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted running chromium", e);
    } finally {
      ExternalProcess.stop(process);
      ExternalProcess.deleteRecursively(profile);
    }
  }
}
