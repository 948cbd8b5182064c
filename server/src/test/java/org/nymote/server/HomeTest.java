package org.nymote.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nymote.server.users.UserName;

class HomeTest {
  @Test
  void theOptionWinsOverTheEnvironment() {
    Home home = Home.locate(Path.of("/from/option"), Map.of("NYMOTE_HOME", "/from/env"));

    assertThat(home.dir()).isEqualTo(Path.of("/from/option"));
  }

  @Test
  void theEnvironmentWinsOverTheDefault() {
    assertThat(Home.locate(null, Map.of("NYMOTE_HOME", "/from/env")).dir())
        .isEqualTo(Path.of("/from/env"));
  }

  @Test
  void withNeitherTheHomeIsNymoteDataInTheWorkingFolder() {
    assertThat(Home.locate(null, Map.of()).dir()).isEqualTo(Path.of("nymote-data"));
    assertThat(Home.locate(null, Map.of("NYMOTE_HOME", " ")).dir())
        .isEqualTo(Path.of("nymote-data"));
  }

  @Test
  void eachUserHasAStoreFolderUnderUsers() {
    Home home = Home.locate(Path.of("/h"), Map.of());

    assertThat(home.storeDir(new UserName("alice"))).isEqualTo(Path.of("/h/users/alice/store.git"));
  }
}
