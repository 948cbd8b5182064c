package org.nymote.server.users;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UsersTest {
  @TempDir
  Path temp;

  @Test
  void aMissingFileHasNoUsers() throws Exception {
    Users users = new Users(temp.resolve("passwords"));

    assertThat(users.exists()).isFalse();
    assertThat(users.list()).isEmpty();
    assertThat(users.authenticate("alice", bytes("pw"))).isEmpty();
  }

  @Test
  void addedUsersAuthenticateWithTheirPasswordOnly() throws Exception {
    Users users = new Users(temp.resolve("passwords"));

    assertThat(users.add(new UserName("alice"), bytes("one"))).isEqualTo(Users.AddResult.ADDED);
    assertThat(users.add(new UserName("bob"), bytes("two"))).isEqualTo(Users.AddResult.ADDED);
    assertThat(users.add(new UserName("alice"), bytes("three")))
        .isEqualTo(Users.AddResult.NAME_TAKEN);

    assertThat(users.list()).containsExactly(new UserName("alice"), new UserName("bob"));
    assertThat(users.authenticate("alice", bytes("one"))).contains(new UserName("alice"));
    assertThat(users.authenticate("alice", bytes("two"))).isEmpty();
    assertThat(users.authenticate("alice", bytes("three"))).isEmpty();
    assertThat(users.authenticate("Not Valid", bytes("one"))).isEmpty();
  }

  @Test
  void aRememberedLoginEndsWhenThePasswordChanges() throws Exception {
    Path file = temp.resolve("passwords");
    Users users = new Users(file);
    users.add(new UserName("alice"), bytes("one"));
    users.add(new UserName("bob"), bytes("two"));
    assertThat(users.authenticate("alice", bytes("one"))).contains(new UserName("alice"));
    assertThat(users.authenticate("alice", bytes("one"))).contains(new UserName("alice"));
    assertThat(users.authenticate("bob", bytes("one"))).isEmpty();

    // the password changed (by hand, or by another process): the remembered login is over at once
    String changed = Files.readString(file)
        .replaceFirst(
            "(?m)^alice:.*$",
            java.util.regex.Matcher.quoteReplacement(
                "alice:" + PasswordHash.of(bytes("new")).encode()));
    Files.writeString(file, changed);

    assertThat(users.authenticate("alice", bytes("one"))).isEmpty();
    assertThat(users.authenticate("alice", bytes("new"))).contains(new UserName("alice"));
    assertThat(users.authenticate("bob", bytes("two"))).contains(new UserName("bob"));
  }

  @Test
  void concurrentAdditionsAreNotLost() throws Exception {
    Path file = temp.resolve("passwords");
    int writers = 6;
    var start = new CountDownLatch(1);
    var threads = new ArrayList<Thread>();
    var failures = new ConcurrentLinkedQueue<Throwable>();
    for (int i = 0; i < writers; i++) {
      String name = "user" + i;
      threads.add(Thread.ofPlatform().start(() -> {
        try {
          start.await();
          new Users(file).add(new UserName(name), bytes(name));
        } catch (Exception e) {
          failures.add(e);
        }
      }));
    }
    start.countDown();
    for (Thread thread : threads) {
      thread.join();
    }

    assertThat(failures).isEmpty();
    assertThat(new Users(file).list()).hasSize(writers);
  }

  @Test
  void aMalformedLineIsReportedWithItsNumber() throws Exception {
    Path file = temp.resolve("passwords");
    Files.writeString(file, "# comment\nalice:not-a-hash\n");

    assertThatIOException()
        .isThrownBy(() -> new Users(file).list())
        .withMessageContaining("line 2 is malformed")
        .withMessageContaining("nymote user add");
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
