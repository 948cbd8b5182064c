package org.nymote.server.users;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UserNameTest {
  @ParameterizedTest
  @ValueSource(
      strings = {"alice", "_svc", "a", "bob.smith", "x-1_y", "abcdefghijklmnopqrstuvwxyz012345"})
  void acceptsUnixStyleNames(String name) {
    assertThat(new UserName(name).value()).isEqualTo(name);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "Alice",
        "1abc",
        ".hidden",
        "-x",
        "a/b",
        "a:b",
        "..",
        "a b",
        "é",
        "abcdefghijklmnopqrstuvwxyz0123456"
      })
  void refusesNamesThatAreNotSafeEverywhere(String name) {
    assertThat(UserName.isValid(name)).isFalse();
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new UserName(name))
        .withMessageContaining("invalid user name")
        .withMessageContaining("lower-case letters");
  }

  @Test
  void nullIsNotAName() {
    assertThat(UserName.isValid(null)).isFalse();
  }
}
