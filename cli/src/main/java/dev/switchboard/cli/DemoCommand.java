package dev.switchboard.cli;

import dev.switchboard.balancer.LoadBalancerPolicies;
import dev.switchboard.cli.demo.DemoRun;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code switchboard demo}: the seed's naive client and Switchboard with its defaults, side by side
 * on the same seeded faults (503s, a slow replica, a replica process killed, a total outage).
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = {"A naive client and Switchboard's defaults side by side on the same faults.",
        "Runs three user-service replicas on loopback through a seeded fault schedule (503s, a slow replica,",
        "a replica process killed with SIGKILL, a total outage), calls them with the seed's naive client and",
        "with Switchboard configured by target and timeout only, and prints one table per client and what",
        "Switchboard did."})
final class DemoCommand implements Callable<Integer> {
  @Option(names = "--seed", defaultValue = "7", description = "Seed of the fault schedule and every fault draw. Default: ${DEFAULT-VALUE}")
  long seed;

  @Option(names = "--phase", paramLabel = "DURATION", defaultValue = "4s",
      description = "Length of each of the five phases (1s..60s). Default: ${DEFAULT-VALUE}")
  Duration phase;

  @Option(names = "--warmup", paramLabel = "DURATION", defaultValue = "1.5s",
      description = "Unmeasured warm-up before the first phase (0..60s). Default: ${DEFAULT-VALUE}")
  String warmup;

  @Option(names = {"--callers", "--concurrency"}, defaultValue = "4",
      description = "Caller threads (1..64). Default: ${DEFAULT-VALUE}")
  int callers;

  @Option(names = "--balancer", paramLabel = "POLICY",
      description = "Give Switchboard this balancer instead of its default (e.g. peak_ewma); the table says so.")
  String balancer;

  @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "1s",
      description = "Both clients' call timeout (50ms..30s). Default: ${DEFAULT-VALUE}")
  Duration timeout;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    Duration warm = warmup.trim().equals("0") ? Duration.ZERO : DurationConverter.parse(warmup);
    check(!phase.minusSeconds(1).isNegative() && phase.compareTo(Duration.ofSeconds(60)) <= 0,
        "--phase must be 1s..60s: " + phase);
    check(!warm.isNegative() && warm.compareTo(Duration.ofSeconds(60)) <= 0, "--warmup must be 0..60s: " + warmup);
    check(callers >= 1 && callers <= 64, "--callers must be 1..64: " + callers);
    check(timeout.compareTo(Duration.ofMillis(50)) >= 0 && timeout.compareTo(Duration.ofSeconds(30)) <= 0,
        "--timeout must be 50ms..30s: " + timeout);
    if (balancer != null && !LoadBalancerPolicies.names().contains(balancer)) {
      throw new UsageError("--balancer: unknown policy \"" + balancer + "\"; known: " + LoadBalancerPolicies.names());
    }
    Logging.onlyErrorsFromSwitchboard();
    DemoRun.run(new DemoRun.Options(seed, warm, phase, callers, timeout, System.console() != null, balancer),
        spec.commandLine().getOut());
    return ExitCodes.OK;
  }

  private static void check(boolean ok, String message) {
    if (!ok) {
      throw new UsageError(message);
    }
  }
}
