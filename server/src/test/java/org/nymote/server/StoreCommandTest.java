package org.nymote.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code nymote store ...} in this JVM, on a new repository per test. */
class StoreCommandTest {
  @TempDir
  Path temp;

  Path repo;

  @BeforeEach
  void init() {
    repo = temp.resolve("repo");
    Cli.Output init = store("init");
    assertThat(init.exitCode()).as(init.stderr()).isZero();
    assertThat(init.text()).startsWith("initialized an empty store in ");
  }

  @Test
  void setThenGetGivesBackTheExactBytes() {
    byte[] value = {0, 1, 2, (byte) 0xff, '\n'};

    Cli.Output set = Cli.run(value, args("set", "notes/raw", "-"));
    Cli.Output get = store("get", "notes/raw");

    assertThat(set.exitCode()).as(set.stderr()).isZero();
    assertThat(set.line()).matches("[0-9a-f]{40}");
    assertThat(get.exitCode()).isZero();
    assertThat(get.stdout()).isEqualTo(value);
  }

  @Test
  void aValueGivenAsAnArgumentIsStoredWithoutANewline() {
    store("set", "greeting", "hello");

    assertThat(store("get", "greeting").stdout())
        .isEqualTo("hello".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void getOfNothingIsNotFoundAndSaysHowToLook() {
    store("set", "notes/a", "1");

    Cli.Output missing = store("get", "notes/b");
    Cli.Output directory = store("get", "notes");

    assertThat(missing.exitCode()).isEqualTo(1);
    assertThat(missing.stderr())
        .contains("nothing at 'notes/b' on branch 'main'")
        .contains("store ls");
    assertThat(directory.exitCode()).isEqualTo(1);
    assertThat(directory.stderr()).contains("notes is a directory").contains("store ls notes");
  }

  @Test
  void anInvalidPathIsAUsageError() {
    Cli.Output invalid = store("set", "a/../b", "x");

    assertThat(invalid.exitCode()).isEqualTo(2);
    assertThat(invalid.stderr()).contains("'..'").contains("--help");
  }

  @Test
  void withoutRepoTheCommandSaysItIsRequired() {
    Cli.Output missing = Cli.run("store", "get", "x");

    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.stderr()).contains("--repo DIR is required");
  }

  @Test
  void aFolderWithoutARepositoryIsARuntimeFailurePointingToInit() {
    Cli.Output missing = Cli.run("store", "--repo", temp.resolve("none").toString(), "ls");

    assertThat(missing.exitCode()).isEqualTo(1);
    assertThat(missing.stderr()).contains("no repository at").contains("init");
  }

  @Test
  void initTwiceFails() {
    Cli.Output again = store("init");

    assertThat(again.exitCode()).isEqualTo(1);
    assertThat(again.stderr()).contains("already exists");
  }

  @Test
  void lsListsNamesAndMarksDirectories() {
    store("set", "notes/a", "1");
    store("set", "notes/sub/b", "2");
    store("set", "top", "3");

    assertThat(store("ls").text().lines()).containsExactly("notes/", "top");
    assertThat(store("ls", "notes").text().lines()).containsExactly("a", "sub/");
    assertThat(store("ls", "-r").text().lines()).containsExactly("notes/a", "notes/sub/b", "top");
    assertThat(store("ls", "nowhere").exitCode()).isEqualTo(1);
  }

  @Test
  void rmRemovesAValueAndRefusesNothing() {
    store("set", "notes/a", "1");

    assertThat(store("rm", "notes/a").exitCode()).isZero();
    assertThat(store("get", "notes/a").exitCode()).isEqualTo(1);
    assertThat(store("rm", "notes/a").exitCode()).isEqualTo(1);
  }

  @Test
  void logListsCommitsNewestFirstWithDeviceAndMessage() {
    String first = store("set", "a", "1", "-m", "first one").line();
    String second = store("--device", "laptop", "set", "b", "2").line();

    List<String> log = store("log").text().lines().toList();

    assertThat(log).hasSize(2);
    assertThat(log.get(0)).startsWith(second + " ").endsWith(" laptop set b");
    assertThat(log.get(1)).startsWith(first + " ").endsWith(" first one");
    assertThat(store("log", "-n", "1").text().lines()).hasSize(1);
  }

  @Test
  void logOfABranchWithoutCommitsIsNotFound() {
    Cli.Output log = store("log");

    assertThat(log.exitCode()).isEqualTo(1);
    assertThat(log.stderr()).contains("has no commits yet");
  }

  @Test
  void historyListsOnlyTheCommitsThatChangedThePath() {
    String a1 = store("set", "a", "1").line();
    store("set", "b", "1");
    String a2 = store("set", "a", "2").line();

    assertThat(ids(store("history", "a"))).containsExactly(a2, a1);
  }

  @Test
  void diffListsAddedRemovedAndChangedValues() {
    store("set", "keep", "1");
    store("set", "gone", "1");
    String from = store("set", "changed", "1").line();
    store("set", "changed", "2");
    store("rm", "gone");
    store("set", "new/x", "1");

    assertThat(store("diff", from).text().lines())
        .containsExactly("M changed", "- gone", "+ new/x");
    assertThat(store("diff", from.substring(0, 8), "main", "--prefix", "new")
            .text()
            .lines())
        .containsExactly("+ new/x");
    assertThat(store("diff", "nosuchbranch").exitCode()).isEqualTo(1);
  }

  @Test
  void revertUndoesOneCommitAndKeepsLaterOnes() {
    store("set", "a", "1");
    String mistake = store("set", "b", "oops").line();
    store("set", "c", "1");

    Cli.Output revert = store("revert", mistake);

    assertThat(revert.exitCode()).as(revert.stderr()).isZero();
    assertThat(store("ls").text().lines()).containsExactly("a", "c");
  }

  @Test
  void aRevertThatConflictsWithLaterChangesCommitsNothing() {
    String set = store("set", "a", "1").line();
    String changed = store("set", "a", "2").line();

    Cli.Output revert = store("revert", set);

    assertThat(revert.exitCode()).isEqualTo(1);
    assertThat(revert.stderr()).contains("cannot revert").contains("nothing was committed");
    assertThat(ids(store("log")).get(0)).isEqualTo(changed);
  }

  @Test
  void branchesAreCreatedListedAndDeleted() {
    String head = store("set", "a", "1").line();

    assertThat(store("branch", "phone").line()).isEqualTo(head);
    assertThat(store("branch").text().lines()).containsExactly("main", "phone");
    assertThat(store("branch", "phone").exitCode()).isEqualTo(1);
    assertThat(store("branch", "bad..name").exitCode()).isEqualTo(2);
    assertThat(store("branch", "-d", "phone").exitCode()).isZero();
    assertThat(store("branch").text().lines()).containsExactly("main");
    assertThat(store("branch", "-d", "phone").exitCode()).isEqualTo(1);
  }

  @Test
  void mergeBringsAnotherBranchsChangesIn() {
    store("set", "a", "1");
    store("branch", "phone");
    store("--branch", "phone", "set", "from-phone", "1");
    store("set", "from-main", "1");

    Cli.Output merge = store("merge", "phone");

    assertThat(merge.exitCode()).as(merge.stderr()).isZero();
    assertThat(store("ls").text().lines()).containsExactly("a", "from-main", "from-phone");
    assertThat(ids(store("log")).get(0)).isEqualTo(merge.line());
  }

  @Test
  void aConflictingMergeListsEachConflictAndCommitsNothing() {
    store("set", "a", "base");
    store("branch", "phone");
    store("--branch", "phone", "set", "a", "phone");
    String head = store("set", "a", "main").line();

    Cli.Output merge = store("merge", "phone");

    assertThat(merge.exitCode()).isEqualTo(1);
    assertThat(merge.stderr()).contains("conflict a: ").contains("1 conflict(s)");
    assertThat(ids(store("log")).get(0)).isEqualTo(head);
    assertThat(store("get", "a").text()).isEqualTo("main");
  }

  @Test
  void everyStoreCommandHasHelp() {
    for (String command : new String[] {
      "init", "get", "set", "rm", "ls", "log", "history", "diff", "revert", "branch", "merge",
      "watch"
    }) {
      Cli.Output help = Cli.run("store", command, "--help");
      assertThat(help.exitCode()).as(command).isZero();
      assertThat(help.text()).as(command).contains("Usage: nymote store " + command);
    }
  }

  private Cli.Output store(String... args) {
    return Cli.run(args(args));
  }

  private String[] args(String... args) {
    List<String> all = new ArrayList<>(List.of("store", "--repo", repo.toString()));
    all.addAll(List.of(args));
    return all.toArray(String[]::new);
  }

  private static List<String> ids(Cli.Output log) {
    return log.text().lines().map(line -> line.substring(0, 40)).toList();
  }
}
