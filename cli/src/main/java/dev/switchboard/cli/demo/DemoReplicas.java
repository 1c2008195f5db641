package dev.switchboard.cli.demo;

import dev.switchboard.cli.replica.ReplicaProcess;
import dev.switchboard.cli.replica.UserReplies;
import dev.switchboard.testing.LatencyDistribution;
import dev.switchboard.testing.RecordedRequest;
import dev.switchboard.testing.Reply;
import dev.switchboard.testing.ScriptedServer;
import dev.switchboard.testing.SeededRandom;
import java.time.Duration;
import java.util.List;

/**
 * The demo's three user-service replicas on loopback: users-1 and users-2 in this JVM (their faults
 * follow the current {@link Phase}), users-3 a separate process that the kill phase SIGKILLs. Every
 * draw (503 coin, latencies) comes from the schedule's seed. Thread-safe.
 */
final class DemoReplicas implements AutoCloseable {
  private static final Duration MIN = Duration.ofMillis(1);
  private static final Duration MAX = Duration.ofMillis(3);

  private final FaultSchedule schedule;
  private final ScriptedServer users1;
  private final ScriptedServer users2;
  private final ReplicaProcess users3;
  private final SeededRandom coin;
  private final LatencyDistribution latency1;
  private final LatencyDistribution latency2;
  private volatile String phase = "warm-up";

  private DemoReplicas(FaultSchedule schedule, ScriptedServer users1, ScriptedServer users2, ReplicaProcess users3) {
    this.schedule = schedule;
    this.users1 = users1;
    this.users2 = users2;
    this.users3 = users3;
    long seed = schedule.seed();
    this.coin = new SeededRandom(seed * 31 + 1);
    this.latency1 = LatencyDistribution.uniform(MIN, MAX, seed * 31 + 2);
    this.latency2 = LatencyDistribution.uniform(MIN, MAX, seed * 31 + 3);
    UserReplies.serve(users1, this::answerAsUsers1);
    UserReplies.serve(users2, this::answerAsUsers2);
  }

  /** Starts the replicas (the process one in parallel with the others). */
  static DemoReplicas start(FaultSchedule schedule) {
    ScriptedServer one = null;
    ScriptedServer two = null;
    try {
      one = ScriptedServer.builder().maxConnections(2048).start();
      two = ScriptedServer.builder().maxConnections(2048).start();
      ReplicaProcess three = ReplicaProcess.startAll(
          List.of(new ReplicaProcess.Spec(MIN, MAX, schedule.seed() * 31 + 4))).get(0);
      return new DemoReplicas(schedule, one, two, three);
    } catch (RuntimeException e) {
      if (one != null) {
        one.close();
      }
      if (two != null) {
        two.close();
      }
      throw e;
    }
  }

  private Reply answerAsUsers1(RecordedRequest request) {
    String now = phase;
    if (now.equals(FaultSchedule.OUTAGE)
        || (now.equals(FaultSchedule.FLAKY) && coin.nextDouble() < schedule.flakyRate())) {
      return unavailable().latency(latency1);
    }
    return UserReplies.answer(request).latency(latency1);
  }

  private Reply answerAsUsers2(RecordedRequest request) {
    String now = phase;
    if (now.equals(FaultSchedule.OUTAGE)) {
      return unavailable().latency(latency2);
    }
    Reply reply = UserReplies.answer(request).latency(latency2);
    return now.equals(FaultSchedule.SLOW) ? reply.delay(schedule.slowLatency()) : reply;
  }

  private static Reply unavailable() {
    return Reply.json(503, "{\"error\":\"unavailable\"}");
  }

  /** Switches the in-process replicas' faults to {@code next}'s. */
  void enter(Phase next) {
    phase = next.name();
  }

  /** SIGKILLs the users-3 process. */
  void killUsers3() {
    users3.kill();
  }

  /** Addresses in order users-1, users-2, users-3. */
  List<String> addresses() {
    return List.of(users1.endpointAddress(), users2.endpointAddress(), users3.address());
  }

  String killedAddress() {
    return users3.address();
  }

  long killedPid() {
    return users3.pid();
  }

  /** {@code users-N} for a replica address, or the address itself. */
  String label(String address) {
    int i = addresses().indexOf(address);
    return i < 0 ? address : "users-" + (i + 1);
  }

  @Override
  public void close() {
    users3.close();
    users1.close();
    users2.close();
  }
}
