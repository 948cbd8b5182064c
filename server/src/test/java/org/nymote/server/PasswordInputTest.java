package org.nymote.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** How {@code user add --password-stdin} reads a password. */
class PasswordInputTest {
  @Test
  void aFinalNewlineIsNotPartOfThePassword() throws Exception {
    assertThat(read("secret\n")).isEqualTo("secret");
    assertThat(read("secret\r\n")).isEqualTo("secret");
    assertThat(read("secret")).isEqualTo("secret");
    assertThat(read(" spaces kept \n")).isEqualTo(" spaces kept ");
  }

  @Test
  void emptyMultiLineAndOverlongPasswordsAreUsageErrors() {
    for (String input : new String[] {"", "\n", "one\ntwo\n", "x".repeat(1025)}) {
      assertThatThrownBy(() -> read(input))
          .as(input)
          .isInstanceOfSatisfying(
              CliException.class, e -> assertThat(e.exitCode()).isEqualTo(2))
          .hasMessageContaining("--password-stdin");
    }
  }

  private static String read(String input) throws Exception {
    byte[] password =
        UserCommand.readPassword(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)));
    return new String(password, StandardCharsets.UTF_8);
  }
}
