package org.nymote.server;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.nymote.store.Branch;
import org.nymote.store.Change;
import org.nymote.store.Commit;
import org.nymote.store.Path;
import org.nymote.store.Repo;
import org.nymote.store.UpdateFailedException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code nymote store log|history|diff|revert}: what changed, and undoing it. */
final class StoreHistoryCommands {
  private StoreHistoryCommands() {}

  @Command(
      name = "log",
      description = "List the branch's commits, newest first: ID TIME DEVICE MESSAGE.")
  static final class Log extends StoreSubcommand implements Callable<Integer> {
    @Option(
        names = {"-n", "--max-count"},
        paramLabel = "N",
        description = "at most N commits")
    private int limit = Integer.MAX_VALUE;

    @Override
    public Integer call() {
      try (Repo repo = store.open(spec)) {
        Commit head = StoreCommand.head(store.branch(repo, spec));
        StoreCommand.printCommits(spec.commandLine().getOut(), repo.log(head.id(), limit));
      }
      return 0;
    }
  }

  @Command(
      name = "history",
      description = "List the commits that changed PATH, newest first: ID TIME DEVICE MESSAGE.")
  static final class History extends StoreSubcommand implements Callable<Integer> {
    @Parameters(paramLabel = "PATH", description = "a value or directory")
    private String path;

    @Option(
        names = {"-n", "--max-count"},
        paramLabel = "N",
        description = "at most N commits")
    private int limit = Integer.MAX_VALUE;

    @Override
    public Integer call() {
      Path at = StoreCommand.path(path, spec);
      try (Repo repo = store.open(spec)) {
        Commit head = StoreCommand.head(store.branch(repo, spec));
        StoreCommand.printCommits(spec.commandLine().getOut(), repo.history(head.id(), at, limit));
      }
      return 0;
    }
  }

  @Command(
      name = "diff",
      description = {
        "List the values that differ from FROM to TO: + added, - removed, M changed.",
        "FROM and TO are branches or commit ids; TO defaults to the branch's head."
      })
  static final class Diff extends StoreSubcommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FROM", description = "a branch or commit")
    private String from;

    @Parameters(index = "1", paramLabel = "TO", arity = "0..1", description = "a branch or commit")
    private String to;

    @Option(
        names = "--prefix",
        paramLabel = "PATH",
        defaultValue = "",
        description = "only under PATH")
    private String prefix;

    @Override
    public Integer call() {
      Path under = StoreCommand.path(prefix, spec);
      PrintWriter out = spec.commandLine().getOut();
      try (Repo repo = store.open(spec)) {
        Commit a = StoreCommand.commit(repo, from, spec);
        Commit b = to != null
            ? StoreCommand.commit(repo, to, spec)
            : StoreCommand.head(store.branch(repo, spec));
        for (Change change : repo.diff(repo.tree(a), repo.tree(b), under)) {
          out.println(change);
        }
      }
      out.flush();
      return 0;
    }
  }

  @Command(
      name = "revert",
      description = "Undo what COMMIT changed, on top of the branch's head, as a new commit.")
  static final class Revert extends StoreSubcommand implements Callable<Integer> {
    @Parameters(paramLabel = "COMMIT", description = "the commit to undo")
    private String commit;

    @Mixin
    private CommitMessage message;

    @Override
    public Integer call() {
      try (Repo repo = store.open(spec)) {
        Branch branch = store.branch(repo, spec);
        Commit undo = StoreCommand.commit(repo, commit, spec);
        Commit done;
        try {
          done = branch.revert(
              undo.id(),
              store.info(message.or("revert " + undo.shortId() + ": "
                  + undo.info().message().lines().findFirst().orElse(""))));
        } catch (UpdateFailedException e) {
          throw new CliException(
              CliException.FAILURE,
              "cannot revert " + undo.shortId()
                  + ": later changes conflict with undoing it at " + e.conflicts() + "; nothing was"
                  + " committed. Change those paths by hand with `nymote store set`.");
        }
        spec.commandLine().getOut().println(StoreCommand.id(done.id()));
      }
      spec.commandLine().getOut().flush();
      return 0;
    }
  }
}
