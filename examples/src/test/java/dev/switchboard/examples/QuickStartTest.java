package dev.switchboard.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.examples.users.User;
import org.junit.jupiter.api.Test;

class QuickStartTest {
  @Test
  void readmeExampleCreatesAndFetchesAUserOverLoopback() throws Exception {
    User user = QuickStart.run();

    assertThat(user.name()).isEqualTo("Grace Hopper");
    assertThat(user.email()).isEqualTo("grace@example.com");
    assertThat(user.id()).isNotBlank();
  }
}
