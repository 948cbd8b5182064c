package org.nymote.server;

import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.nymote.store.Branch;
import org.nymote.store.Commit;
import org.nymote.store.Conflict;
import org.nymote.store.MergeResult;
import org.nymote.store.Repo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code nymote store branch|merge}: branches, and bringing one into another. */
final class StoreBranchCommands {
  private StoreBranchCommands() {}

  @Command(
      name = "branch",
      description = {
        "Without NAME: list the branches. With NAME: create it at FROM (default: the --branch's",
        "head). With -d NAME: delete it."
      })
  static final class BranchCommand extends StoreSubcommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "NAME", arity = "0..1", description = "a new branch")
    private String name;

    @Parameters(
        index = "1",
        paramLabel = "FROM",
        arity = "0..1",
        description = "a branch or commit")
    private String from;

    @Option(
        names = {"-d", "--delete"},
        description = "delete branch NAME")
    private boolean delete;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      if (name == null) {
        if (delete || from != null) {
          throw new picocli.CommandLine.ParameterException(spec.commandLine(), "NAME is missing");
        }
        try (Repo repo = store.open(spec)) {
          repo.branches().forEach(out::println);
        }
      } else {
        Branch branch;
        try (Repo repo = store.open(spec)) {
          branch = repo.branch(StoreCommand.checkBranchName(name, spec));
          Optional<Commit> head = branch.head();
          if (delete) {
            if (head.isEmpty() || !branch.delete(head.get().id())) {
              throw new CliException(CliException.FAILURE, "no branch '" + name + "' to delete");
            }
          } else {
            Commit at = from != null
                ? StoreCommand.commit(repo, from, spec)
                : StoreCommand.head(store.branch(repo, spec));
            if (!branch.compareAndSet(Optional.empty(), at.id())) {
              throw new CliException(
                  CliException.FAILURE,
                  "branch '" + name
                      + "' already exists; delete it first with `nymote store branch -d " + name
                      + "`");
            }
            out.println(StoreCommand.id(at.id()));
          }
        }
      }
      out.flush();
      return 0;
    }
  }

  @Command(
      name = "merge",
      description = {
        "Merge OTHER (a branch or commit) into the --branch, and commit.",
        "With conflicts nothing is committed: each is listed, and the exit code is 1."
      })
  static final class Merge extends StoreSubcommand implements Callable<Integer> {
    @Parameters(paramLabel = "OTHER", description = "a branch or commit")
    private String other;

    @Mixin
    private CommitMessage message;

    @Override
    public Integer call() {
      try (Repo repo = store.open(spec)) {
        Branch branch = store.branch(repo, spec);
        Commit theirs = StoreCommand.commit(repo, other, spec);
        MergeResult result = branch.merge(
            theirs.id(), store.info(message.or("merge " + other + " into " + branch.name())));
        if (!result.isClean()) {
          PrintWriter err = spec.commandLine().getErr();
          for (Conflict conflict : result.conflicts()) {
            err.println("conflict " + conflict.path() + ": " + conflict.reason());
          }
          err.flush();
          throw new CliException(
              CliException.FAILURE,
              "merging " + other + " into " + branch.name() + " gave "
                  + result.conflicts().size() + " conflict(s); nothing was committed. Settle"
                  + " them with `nymote store set` on one side, then merge again.");
        }
        spec.commandLine()
            .getOut()
            .println(StoreCommand.id(result.commit().orElseThrow().id()));
      }
      spec.commandLine().getOut().flush();
      return 0;
    }
  }
}
