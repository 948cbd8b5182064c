package org.nymote.server;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.lib.ObjectId;
import org.nymote.store.Branch;
import org.nymote.store.Commit;
import org.nymote.store.Info;
import org.nymote.store.InvalidPathException;
import org.nymote.store.Path;
import org.nymote.store.Repo;
import org.nymote.store.RepositoryLockedException;
import org.nymote.store.Schema;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * {@code nymote store}: reads and changes one store repository directly. Its subcommands live in
 * {@link StoreValueCommands}, {@link StoreHistoryCommands}, {@link StoreBranchCommands} and {@link
 * StoreWatchCommand}; this class holds what they share: the options, opening the repository and
 * naming commits.
 *
 * <p>The store lets one process at a time open a repository, so each command opens it, does its
 * work and closes it, waiting up to {@link #LOCK_WAIT} for another command to finish first. Values
 * are opaque bytes ({@link Schema#EMPTY}).
 */
@Command(
    name = "store",
    description = {
      "Read and change a Nymote store (a bare Git repository) directly.",
      "Exit codes: 0 ok, 1 not found or conflict, 2 usage error."
    },
    subcommands = {
      StoreValueCommands.Init.class,
      StoreValueCommands.Get.class,
      StoreValueCommands.Set.class,
      StoreValueCommands.Rm.class,
      StoreValueCommands.Ls.class,
      StoreHistoryCommands.Log.class,
      StoreHistoryCommands.History.class,
      StoreHistoryCommands.Diff.class,
      StoreHistoryCommands.Revert.class,
      StoreBranchCommands.BranchCommand.class,
      StoreBranchCommands.Merge.class,
      StoreWatchCommand.class,
      StoreSyncCommands.SyncStore.class,
      StoreSyncCommands.CloneStore.class
    })
final class StoreCommand implements Runnable {
  /** How long a command waits for another process to release the repository. */
  static final Duration LOCK_WAIT = Duration.ofSeconds(10);

  @Spec
  private CommandSpec spec;

  @Option(
      names = "--repo",
      paramLabel = "DIR",
      scope = ScopeType.INHERIT,
      description = "the store's repository folder (required)")
  private java.nio.file.Path repo;

  @Option(
      names = "--branch",
      paramLabel = "NAME",
      defaultValue = "main",
      scope = ScopeType.INHERIT,
      description = "the branch to read or change (default: ${DEFAULT-VALUE})")
  private String branch;

  @Option(
      names = "--device",
      paramLabel = "NAME",
      scope = ScopeType.INHERIT,
      description = "the device named in new commits (default: this host's name)")
  private String device;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "missing command, for example `get`");
  }

  /** The repository folder; a usage error if {@code --repo} is missing. */
  java.nio.file.Path repoDir(CommandSpec caller) {
    if (repo == null) {
      throw new ParameterException(
          caller.commandLine(), "--repo DIR is required: the folder of the store's repository");
    }
    return repo;
  }

  /** Opens the repository, waiting up to {@link #LOCK_WAIT} while another process has it. */
  Repo open(CommandSpec caller) {
    return open(caller, Schema.EMPTY);
  }

  /** {@link #open(CommandSpec)}, merging by {@code schema}. */
  Repo open(CommandSpec caller, Schema schema) {
    java.nio.file.Path dir = repoDir(caller);
    long deadline = System.nanoTime() + LOCK_WAIT.toNanos();
    while (true) {
      Optional<Repo> opened = tryOpen(caller, schema);
      if (opened.isPresent()) {
        return opened.get();
      }
      if (System.nanoTime() > deadline) {
        throw new CliException(
            CliException.FAILURE,
            "the repository at " + dir + " stayed open in"
                + " another process for " + LOCK_WAIT.toSeconds() + " s; stop that process (is a"
                + " `nymote serve` or `nymote store watch` using it?) and try again");
      }
      sleep(Duration.ofMillis(50));
    }
  }

  /** Opens the repository, or nothing if another process has it open right now. */
  Optional<Repo> tryOpen(CommandSpec caller) {
    return tryOpen(caller, Schema.EMPTY);
  }

  private Optional<Repo> tryOpen(CommandSpec caller, Schema schema) {
    try {
      return Optional.of(Repo.open(repoDir(caller), schema, Repo.Options.MANUAL));
    } catch (RepositoryLockedException e) {
      return Optional.empty();
    }
  }

  /** The branch chosen with {@code --branch}; a usage error if the name is not valid. */
  Branch branch(Repo repo, CommandSpec caller) {
    return repo.branch(branchName(caller));
  }

  String branchName(CommandSpec caller) {
    return checkBranchName(branch, caller);
  }

  static String checkBranchName(String name, CommandSpec caller) {
    try {
      Repo.checkBranchName(name);
      return name;
    } catch (IllegalArgumentException e) {
      throw new ParameterException(
          caller.commandLine(),
          e.getMessage() + ": use a Git branch name such as main or phone/2024");
    }
  }

  /** Who and why, for a new commit. */
  Info info(String message) {
    return Info.now(device(), message);
  }

  /** The device named in new commits: {@code --device}, else this host's name. */
  String device() {
    return device != null ? device : defaultDevice();
  }

  /** Parses a store path; a usage error saying why it is not valid. */
  static Path path(String text, CommandSpec caller) {
    try {
      return Path.parse(text);
    } catch (InvalidPathException e) {
      throw new ParameterException(caller.commandLine(), e.getMessage());
    }
  }

  /**
   * The commit a revision names: a branch, a full commit id, or an unambiguous prefix (4 or more
   * hex digits) of a commit on some branch. Not found is a runtime failure, exit code 1.
   */
  static Commit commit(Repo repo, String rev, CommandSpec caller) {
    Optional<Commit> direct = repo.resolve(rev);
    if (direct.isPresent()) {
      return direct.get();
    }
    if (rev.matches("[0-9a-f]{4,39}")) {
      List<Commit> matches = new ArrayList<>();
      for (String name : repo.branches()) {
        for (Commit c : repo.log(repo.branch(name).head().orElseThrow().id(), Integer.MAX_VALUE)) {
          if (c.id().name().startsWith(rev)
              && matches.stream().noneMatch(m -> m.id().equals(c.id()))) {
            matches.add(c);
          }
        }
      }
      if (matches.size() == 1) {
        return matches.get(0);
      }
      if (matches.size() > 1) {
        throw new ParameterException(
            caller.commandLine(),
            "'" + rev + "' names " + matches.size() + " commits; give more of the id");
      }
    }
    throw new CliException(
        CliException.FAILURE,
        "no branch or commit '" + rev + "' in "
            + repo.directory().orElseThrow() + "; `nymote store branch` and `nymote store log` list"
            + " them");
  }

  /** The head of a branch; a runtime failure if the branch has no commit yet. */
  static Commit head(Branch branch) {
    return branch
        .head()
        .orElseThrow(() -> new CliException(
            CliException.FAILURE,
            "branch '" + branch.name()
                + "' has no commits yet; `nymote store set` makes the first one"));
  }

  /** One line per commit: {@code ID TIME DEVICE MESSAGE}. */
  static void printCommits(PrintWriter out, List<Commit> commits) {
    for (Commit c : commits) {
      out.println(c.id().name() + " " + c.info().time() + " " + c.info().device() + " "
          + c.info().message().lines().findFirst().orElse(""));
    }
    out.flush();
  }

  static String id(ObjectId id) {
    return id.name();
  }

  static void sleep(Duration duration) {
    try {
      Thread.sleep(duration);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException(CliException.FAILURE, "interrupted");
    }
  }

  static String defaultDevice() {
    String name = System.getenv("HOSTNAME");
    if (name == null || name.isBlank()) {
      try {
        name = Files.readString(java.nio.file.Path.of("/etc/hostname"), StandardCharsets.UTF_8);
      } catch (IOException e) {
        name = "";
      }
    }
    name = name.strip().replaceAll("[<>\\s]", "-");
    return name.isEmpty() ? "nymote" : name;
  }
}
