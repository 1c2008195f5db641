package dev.switchboard.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.client.ServiceConfig;
import dev.switchboard.errors.ErrorKind;
import dev.switchboard.errors.StatusCode;
import dev.switchboard.health.OutlierDetectionPolicy;
import dev.switchboard.policy.CircuitBreakerPolicy;
import dev.switchboard.policy.ConcurrencyLimitPolicy;
import dev.switchboard.policy.HedgingPolicy;
import dev.switchboard.policy.RetryBudgetPolicy;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class ClientConfigsTest {
  private static Map<String, ServiceConfig> bind(String... keyValues) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      m.put(keyValues[i], keyValues[i + 1]);
    }
    return ClientConfigs.bind(ConfigSource.of(m));
  }

  private static ConfigException problems(String... keyValues) {
    try {
      bind(keyValues);
    } catch (ConfigException e) {
      return e;
    }
    throw new AssertionError("expected a ConfigException");
  }

  @Test
  void bindsEveryKindOfValueOntoServiceConfigAndItsPolicies() {
    ServiceConfig users = bind(
        "switchboard.clients.users.target", "static:127.0.0.1:8081,127.0.0.1:8082",
        "switchboard.clients.users.timeout", "2s",
        "switchboard.clients.users.connect-timeout", "250ms",
        "switchboard.clients.users.max-response-bytes", "1MB",
        "switchboard.clients.users.deadline-margin", "PT0.01S",
        "switchboard.clients.users.retry.max-attempts", "2",
        "switchboard.clients.users.retry.initial-backoff", "10ms",
        "switchboard.clients.users.retry.max-backoff", "1.5s",
        "switchboard.clients.users.retry.multiplier", "3",
        "switchboard.clients.users.retry.per-attempt-timeout", "300ms",
        "switchboard.clients.users.retry.retry-on", "connect-failed, SERVER_ERROR",
        "switchboard.clients.users.retry.retry-on-status", "502,503",
        "switchboard.clients.users.budget.ratio", "0.1",
        "switchboard.clients.users.balancing.policy", "peak-ewma",
        "switchboard.clients.users.balancing.zone", "eu-west-1a",
        "switchboard.clients.users.balancing.slow-start-window", "0",
        "switchboard.clients.users.balancing.outlier-detection.consecutive-failures", "3",
        "switchboard.clients.users.balancing.health-check.path", "/ready",
        "switchboard.clients.users.balancing.health-check.interval", "2s").get("users");

    assertThat(users.name()).isEqualTo("users");
    assertThat(users.discoveryTarget()).isEqualTo("static:127.0.0.1:8081,127.0.0.1:8082");
    assertThat(users.timeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(users.connectTimeout()).isEqualTo(Duration.ofMillis(250));
    assertThat(users.maxResponseBytes()).isEqualTo(1 << 20);
    assertThat(users.deadlineMargin()).isEqualTo(Duration.ofMillis(10));
    assertThat(users.retryPolicy().maxAttempts()).isEqualTo(2);
    assertThat(users.retryPolicy().initialBackoff()).isEqualTo(Duration.ofMillis(10));
    assertThat(users.retryPolicy().maxBackoff()).isEqualTo(Duration.ofMillis(1500));
    assertThat(users.retryPolicy().backoffMultiplier()).isEqualTo(3.0);
    assertThat(users.retryPolicy().perAttemptTimeout()).isEqualTo(Duration.ofMillis(300));
    assertThat(users.retryPolicy().retryOn()).containsExactlyInAnyOrder(ErrorKind.CONNECT_FAILED, ErrorKind.SERVER_ERROR);
    assertThat(users.retryPolicy().retryOnStatus()).containsExactlyInAnyOrder(502, 503);
    assertThat(users.retryBudget().ratio()).isEqualTo(0.1);
    assertThat(users.balancer()).isEqualTo("peak_ewma");
    assertThat(users.balancing().zone()).isEqualTo("eu-west-1a");
    assertThat(users.balancing().slowStartWindow()).isZero();
    assertThat(users.balancing().outlierDetection().consecutiveFailures()).isEqualTo(3);
    assertThat(users.balancing().healthCheck()).hasValueSatisfying(h -> {
      assertThat(h.checker().describe()).contains("/ready");
      assertThat(h.interval()).isEqualTo(Duration.ofSeconds(2));
    });
  }

  @Test
  void unsetKeysKeepTheDocumentedDefaults() {
    ServiceConfig c = bind("switchboard.clients.orders.base-url", "http://orders:8080/api").get("orders");
    ServiceConfig defaults = ServiceConfig.builder().name("orders").baseUrl("http://orders:8080/api").build();

    assertThat(c.pathPrefix()).isEqualTo("/api");
    assertThat(c.timeout()).isEqualTo(defaults.timeout());
    assertThat(c.retryPolicy().toString()).isEqualTo(defaults.retryPolicy().toString());
    assertThat(c.retryBudget().toString()).isEqualTo(defaults.retryBudget().toString());
    assertThat(c.hedgingPolicy().toString()).isEqualTo(defaults.hedgingPolicy().toString());
    assertThat(c.circuitBreaker().enabled()).isFalse();
    assertThat(c.concurrencyLimit().enabled()).isFalse();
    assertThat(c.balancing().toString()).isEqualTo(defaults.balancing().toString());
  }

  @Test
  void readsCamelCaseUnderscoresAndIndexedListsAsTheSameKeys() {
    ServiceConfig c = bind(
        "switchboard.clients.users.target", "static:127.0.0.1:1",
        "switchboard.clients.users.retry.maxAttempts", "4",
        "switchboard.clients.users.retry.initial_backoff", "5ms",
        "switchboard.clients.users.retry.retry-on[0]", "timeout",
        "switchboard.clients.users.retry.retry-on[1]", "connect-failed").get("users");

    assertThat(c.retryPolicy().maxAttempts()).isEqualTo(4);
    assertThat(c.retryPolicy().initialBackoff()).isEqualTo(Duration.ofMillis(5));
    assertThat(c.retryPolicy().retryOn()).containsExactlyInAnyOrder(ErrorKind.TIMEOUT, ErrorKind.CONNECT_FAILED);
  }

  @Test
  void readsEnvironmentVariablesInSpringBootsFormAndWithWordsSplit() {
    Map<String, ServiceConfig> clients = ClientConfigs.bind(ConfigSource.environment(Map.of(
        "SWITCHBOARD_CLIENTS_USERS_TARGET", "static:127.0.0.1:1",
        "SWITCHBOARD_CLIENTS_USERS_TIMEOUT", "2s",
        "SWITCHBOARD_CLIENTS_USERS_RETRY_MAXATTEMPTS", "2",
        "SWITCHBOARD_CLIENTS_USER_SERVICE_BASEURL", "http://user-service:8000",
        "SWITCHBOARD_CLIENTS_USER_SERVICE_RETRY_PER_ATTEMPT_TIMEOUT", "100ms",
        "PATH", "/usr/bin")));

    assertThat(clients).containsOnlyKeys("users", "user-service");
    assertThat(clients.get("users").timeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(clients.get("users").retryPolicy().maxAttempts()).isEqualTo(2);
    assertThat(clients.get("user-service").retryPolicy().perAttemptTimeout()).isEqualTo(Duration.ofMillis(100));
  }

  @Test
  void anEarlierLayerWinsKeyByKeyAndTheDottedSpellingNamesTheClient() {
    Properties file = new Properties();
    file.setProperty("switchboard.clients.userService.target", "static:127.0.0.1:1");
    file.setProperty("switchboard.clients.userService.timeout", "5s");
    file.setProperty("switchboard.clients.userService.retry.max-attempts", "4");
    ConfigSource env = ConfigSource.environment(Map.of("SWITCHBOARD_CLIENTS_USERSERVICE_TIMEOUT", "1s"));

    ServiceConfig c = ClientConfigs.bind(ConfigSource.layered(env, ConfigSource.of(file))).get("userService");

    assertThat(c.timeout()).isEqualTo(Duration.ofSeconds(1));
    assertThat(c.retryPolicy().maxAttempts()).isEqualTo(4);
  }

  @Test
  void twoLayersOfTheSameKindStillLayerRatherThanClash() {
    ConfigSource overrides = ConfigSource.of(Map.of("switchboard.clients.users.timeout", "1s"));
    ConfigSource file = ConfigSource.of(Map.of("switchboard.clients.users.target", "static:127.0.0.1:1",
        "switchboard.clients.users.timeout", "5s", "switchboard.clients.users.retry.max-attempts", "4"));

    ServiceConfig c = ClientConfigs.bind(ConfigSource.layered(overrides, file)).get("users");

    assertThat(c.timeout()).isEqualTo(Duration.ofSeconds(1));
    assertThat(c.retryPolicy().maxAttempts()).isEqualTo(4);
  }

  @Test
  void aValueTheBuilderRefusesIsReportedWithTheFullKeyAndTheValueAsWritten() {
    ConfigException e = problems(
        "switchboard.clients.users.target", "static:127.0.0.1:1",
        "switchboard.clients.users.retry.max-attempts", "9");

    assertThat(e.problems()).containsExactly("switchboard.clients.users.retry.max-attempts: must be 1..5, was \"9\"");
  }

  @Test
  void aValueThatDoesNotParseSaysWhatWasExpected() {
    ConfigException e = problems(
        "switchboard.clients.users.target", "static:127.0.0.1:1",
        "switchboard.clients.users.timeout", "2",
        "switchboard.clients.users.budget.ratio", "lots",
        "switchboard.clients.users.hedging.enabled", "maybe");

    assertThat(e.problems()).containsExactlyInAnyOrder(
        "switchboard.clients.users.timeout: must be a duration such as 250ms, 2s, 1m or PT2S, was \"2\"",
        "switchboard.clients.users.budget.ratio: must be a number such as 0.2 or 1.5, was \"lots\"",
        "switchboard.clients.users.hedging.enabled: must be true or false, was \"maybe\"");
  }

  @Test
  void anUnknownKeyIsAnErrorNamingTheNearestValidKey() {
    ConfigException e = problems(
        "switchboard.clients.users.target", "static:127.0.0.1:1",
        "switchboard.clients.users.retry.max-atempts", "2",
        "switchboard.clients.users.timeuot", "2s");

    assertThat(e.problems()).containsExactlyInAnyOrder(
        "switchboard.clients.users.retry.max-atempts: unknown key; nearest valid key:"
            + " switchboard.clients.users.retry.max-attempts (properties)",
        "switchboard.clients.users.timeuot: unknown key; nearest valid key: switchboard.clients.users.timeout (properties)");
  }

  @Test
  void anUnknownEnvironmentVariableUnderThePrefixIsAnErrorToo() {
    assertThatThrownBy(() -> ClientConfigs.bind(ConfigSource.environment(Map.of(
        "SWITCHBOARD_CLIENTS_USERS_TARGET", "static:127.0.0.1:1",
        "SWITCHBOARD_CLIENTS_USERS_RETRY_MAX_ATEMPTS", "2"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("SWITCHBOARD_CLIENTS_USERS_RETRY_MAX_ATEMPTS: unknown key for \"users\"")
        .hasMessageContaining("switchboard.clients.users.retry.max-attempts");
  }

  @Test
  void everyProblemOfEveryClientIsReportedAtOnce() {
    ConfigException e = problems(
        "switchboard.clients.a.target", "static:127.0.0.1:1",
        "switchboard.clients.a.retry.max-attempts", "0",
        "switchboard.clients.b.timeout", "1s",
        "switchboard.clients.c.target", "static:127.0.0.1:1",
        "switchboard.clients.c.base-url", "http://c");

    assertThat(e.problems()).containsExactly(
        "switchboard.clients.a.retry.max-attempts: must be 1..5, was \"0\"",
        "switchboard.clients.b: has no target; set switchboard.clients.b.target (e.g. static:10.0.0.7:8080)"
            + " or switchboard.clients.b.base-url",
        "switchboard.clients.c.base-url: is set beside switchboard.clients.c.target; keep one, was \"http://c\"");
    assertThat(e.getMessage()).startsWith("invalid Switchboard configuration (3 problems):");
  }

  @Test
  void aRuleBetweenTwoKeysNamesBothWithTheirValues() {
    ConfigException e = problems(
        "switchboard.clients.users.target", "static:127.0.0.1:1",
        "switchboard.clients.users.retry.initial-backoff", "2s");

    assertThat(e.problems()).containsExactly("switchboard.clients.users.retry.max-backoff: must be >="
        + " retry.initial-backoff (2s), was 1s (the default)");
  }

  @Test
  void aBadTargetOrBaseUrlIsReportedAgainstItsKey() {
    ConfigException e = problems(
        "switchboard.clients.a.base-url", "ftp://a",
        "switchboard.clients.b.target", "nope://x");

    assertThat(e.problems()).hasSize(2);
    assertThat(e.problems().get(0)).startsWith("switchboard.clients.a.base-url: invalid base URL \"ftp://a\"");
    assertThat(e.problems().get(1)).startsWith("switchboard.clients.b.target: ").contains("nope");
  }

  @Test
  void oneKeySetTwiceInOneSourceUnderTwoSpellingsIsAnError() {
    ConfigException e = problems(
        "switchboard.clients.users.target", "static:127.0.0.1:1",
        "switchboard.clients.users.retry.max-attempts", "2",
        "switchboard.clients.users.retry.maxAttempts", "3");

    assertThat(e.problems()).singleElement().asString()
        .contains("switchboard.clients.users.retry.max-attempts: set twice in properties");
  }

  @Test
  void anyHedgingKeyTurnsHedgingOnAndAFixedDelayExcludesAPercentile() {
    HedgingPolicy fixed = bind(
        "switchboard.clients.u.target", "static:127.0.0.1:1",
        "switchboard.clients.u.hedging.delay", "20ms",
        "switchboard.clients.u.hedging.non-fatal-on-code", "unavailable, resource-exhausted").get("u").hedgingPolicy();
    assertThat(fixed.enabled()).isTrue();
    assertThat(fixed.maxAttempts()).isEqualTo(2);
    assertThat(fixed.fixedDelay()).isEqualTo(Duration.ofMillis(20));
    assertThat(fixed.nonFatalCodes()).containsExactlyInAnyOrder(StatusCode.UNAVAILABLE, StatusCode.RESOURCE_EXHAUSTED);

    assertThat(problems(
        "switchboard.clients.u.target", "static:127.0.0.1:1",
        "switchboard.clients.u.hedging.delay", "20ms",
        "switchboard.clients.u.hedging.percentile", "90").problems()).containsExactly(
        "switchboard.clients.u.hedging.delay: a fixed delay and hedging.percentile (an adaptive one) are both set;"
            + " keep one, was \"20ms\"");
    assertThat(problems(
        "switchboard.clients.u.target", "static:127.0.0.1:1",
        "switchboard.clients.u.hedging.methods", "GET, POST").problems().get(0))
        .startsWith("switchboard.clients.u.hedging.methods: POST is not idempotent");
  }

  @Test
  void aPolicySwitchedOffWithOtherKeysSetReportsTheKeysItWouldIgnore() {
    assertThat(problems(
        "switchboard.clients.u.target", "static:127.0.0.1:1",
        "switchboard.clients.u.breaker.enabled", "false",
        "switchboard.clients.u.breaker.open-duration", "5s").problems()).containsExactly(
        "switchboard.clients.u.breaker.open-duration: would be ignored: switchboard.clients.u.breaker.enabled is false,"
            + " was \"5s\"");

    ServiceConfig off = bind(
        "switchboard.clients.u.target", "static:127.0.0.1:1",
        "switchboard.clients.u.budget.enabled", "false",
        "switchboard.clients.u.balancing.outlier-detection.enabled", "false").get("u");
    assertThat(off.retryBudget()).isSameAs(RetryBudgetPolicy.unlimited());
    assertThat(off.balancing().outlierDetection()).isSameAs(OutlierDetectionPolicy.disabled());
  }

  @Test
  void breakerKeysBuildACountOrATimeWindow() {
    CircuitBreakerPolicy b = bind(
        "switchboard.clients.u.target", "static:127.0.0.1:1",
        "switchboard.clients.u.breaker.window-duration", "30s",
        "switchboard.clients.u.breaker.minimum-calls", "5").get("u").circuitBreaker();

    assertThat(b.enabled()).isTrue();
    assertThat(b.windowType()).isEqualTo(CircuitBreakerPolicy.WindowType.TIME);
    assertThat(b.windowDuration()).isEqualTo(Duration.ofSeconds(30));
    assertThat(b.minimumCalls()).isEqualTo(5);
  }

  @Test
  void maxConcurrencyMeansAFixedLimitAndKeysOfAnotherAlgorithmAreErrors() {
    ConcurrencyLimitPolicy fixed = bind(
        "switchboard.clients.u.target", "static:127.0.0.1:1",
        "switchboard.clients.u.limit.max-concurrency", "64",
        "switchboard.clients.u.limit.max-wait", "20ms").get("u").concurrencyLimit();
    assertThat(fixed.algorithm()).isEqualTo(ConcurrencyLimitPolicy.Algorithm.FIXED);
    assertThat(fixed.initialLimit()).isEqualTo(64);
    assertThat(fixed.maxWait()).isEqualTo(Duration.ofMillis(20));

    ConcurrencyLimitPolicy aimd = bind(
        "switchboard.clients.u.target", "static:127.0.0.1:1",
        "switchboard.clients.u.limit.algorithm", "aimd",
        "switchboard.clients.u.limit.max-limit", "50").get("u").concurrencyLimit();
    assertThat(aimd.algorithm()).isEqualTo(ConcurrencyLimitPolicy.Algorithm.AIMD);
    assertThat(aimd.maxLimit()).isEqualTo(50);

    assertThat(problems(
        "switchboard.clients.u.target", "static:127.0.0.1:1",
        "switchboard.clients.u.limit.algorithm", "gradient",
        "switchboard.clients.u.limit.backoff-ratio", "0.8").problems()).containsExactly(
        "switchboard.clients.u.limit.backoff-ratio: applies to aimd, and the limit is gradient, was \"0.8\"");
    assertThat(problems(
        "switchboard.clients.u.target", "static:127.0.0.1:1",
        "switchboard.clients.u.limit.max-wait", "5ms").problems().get(0))
        .startsWith("switchboard.clients.u.limit.max-wait: would be ignored: there is no limit");
    assertThat(problems(
        "switchboard.clients.u.target", "static:127.0.0.1:1",
        "switchboard.clients.u.limit.max-concurrency", "0").problems()).containsExactly(
        "switchboard.clients.u.limit.max-concurrency: must be >= 1, was \"0\"");
  }

  @Test
  void healthCheckKeysChooseTheCheckerAndRefuseAPathForTcp() {
    assertThat(bind(
        "switchboard.clients.u.target", "static:127.0.0.1:1",
        "switchboard.clients.u.balancing.health-check.type", "tcp").get("u").balancing().healthCheck())
        .hasValueSatisfying(h -> assertThat(h.checker().describe()).containsIgnoringCase("tcp"));
    assertThat(problems(
        "switchboard.clients.u.target", "static:127.0.0.1:1",
        "switchboard.clients.u.balancing.health-check.type", "tcp",
        "switchboard.clients.u.balancing.health-check.path", "/health").problems()).containsExactly(
        "switchboard.clients.u.balancing.health-check.path: applies to the http health check, and"
            + " balancing.health-check.type is tcp, was \"/health\"");
    assertThat(problems(
        "switchboard.clients.u.target", "static:127.0.0.1:1",
        "switchboard.clients.u.balancing.policy", "fastest").problems().get(0))
        .startsWith("switchboard.clients.u.balancing.policy: unknown load balancing policy \"fastest\"");
  }

  @Test
  void aClientNameAloneWithoutKeysIsAnError() {
    assertThat(problems("switchboard.clients.users", "http://users").problems()).containsExactly(
        "switchboard.clients.users: a client is configured by the keys below it, such as"
            + " switchboard.clients.users.target (properties)");
  }

  @Test
  void keysOutsideThePrefixAreNotRead() {
    assertThat(bind("switchboard.grpc.channels.x.target", "static:1", "server.port", "8080")).isEmpty();
  }

  @Test
  void anotherPrefixCanBeUsed() {
    Map<String, ServiceConfig> c = ClientConfigs.bind(
        ConfigSource.of(Map.of("my-app.http-clients.users.target", "static:127.0.0.1:1")), "my-app.http-clients");
    assertThat(c).containsOnlyKeys("users");
  }
}
