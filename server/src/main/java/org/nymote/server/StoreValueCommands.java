package org.nymote.server;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.nymote.store.Branch;
import org.nymote.store.Commit;
import org.nymote.store.Path;
import org.nymote.store.Repo;
import org.nymote.store.Schema;
import org.nymote.store.Tree;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code nymote store init|get|set|rm|ls}: the repository and the values in a branch. */
final class StoreValueCommands {
  private StoreValueCommands() {}

  @Command(name = "init", description = "Create an empty store repository at --repo.")
  static final class Init extends StoreSubcommand implements Callable<Integer> {
    @Override
    public Integer call() {
      java.nio.file.Path dir = store.repoDir(spec);
      Repo.init(dir, Schema.EMPTY, Repo.Options.MANUAL).close();
      spec.commandLine().getOut().println("initialized an empty store in " + dir);
      return 0;
    }
  }

  @Command(name = "get", description = "Write the value at PATH to standard output, as it is.")
  static final class Get extends StoreSubcommand implements Callable<Integer> {
    @Parameters(paramLabel = "PATH", description = "the value's path, such as notes/today")
    private String path;

    @Override
    public Integer call() {
      Path at = StoreCommand.path(path, spec);
      byte[] value;
      try (Repo repo = store.open(spec)) {
        Branch branch = store.branch(repo, spec);
        Tree tree = branch.tree();
        value = tree.find(at).orElseThrow(() -> notFound(branch, at, tree.isDirectory(at)));
      }
      Main.stdout(spec).writeBytes(value);
      Main.stdout(spec).flush();
      return 0;
    }
  }

  @Command(name = "set", description = "Set the value at PATH and commit.")
  static final class Set extends StoreSubcommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "PATH", description = "the value's path")
    private String path;

    @Parameters(
        index = "1",
        paramLabel = "VALUE",
        description = "the value; - reads standard input")
    private String value;

    @Mixin
    private CommitMessage message;

    @Override
    public Integer call() throws IOException {
      Path at = StoreCommand.path(path, spec);
      if (at.isRoot()) {
        throw new picocli.CommandLine.ParameterException(
            spec.commandLine(), "PATH must name a value, not the root");
      }
      byte[] bytes = value.equals("-")
          ? Main.stdin(spec).readAllBytes()
          : value.getBytes(StandardCharsets.UTF_8);
      try (Repo repo = store.open(spec)) {
        Commit c = store.branch(repo, spec).set(store.info(message.or("set " + at)), at, bytes);
        printCommit(spec, c);
      }
      return 0;
    }
  }

  @Command(name = "rm", description = "Remove the value or directory at PATH and commit.")
  static final class Rm extends StoreSubcommand implements Callable<Integer> {
    @Parameters(paramLabel = "PATH", description = "the path to remove")
    private String path;

    @Mixin
    private CommitMessage message;

    @Override
    public Integer call() {
      Path at = StoreCommand.path(path, spec);
      try (Repo repo = store.open(spec)) {
        Branch branch = store.branch(repo, spec);
        if (at.isRoot() || branch.tree().findEntry(at).isEmpty()) {
          throw notFound(branch, at, false);
        }
        printCommit(spec, branch.remove(store.info(message.or("rm " + at)), at));
      }
      return 0;
    }
  }

  @Command(
      name = "ls",
      description = "List the names under PATH (directories end in /), or with -r every value.")
  static final class Ls extends StoreSubcommand implements Callable<Integer> {
    @Parameters(
        paramLabel = "PATH",
        defaultValue = "",
        description = "a directory (default: the root)")
    private String path;

    @Option(
        names = {"-r", "--recursive"},
        description = "every value's full path under PATH")
    private boolean recursive;

    @Override
    public Integer call() {
      Path at = StoreCommand.path(path, spec);
      PrintWriter out = spec.commandLine().getOut();
      try (Repo repo = store.open(spec)) {
        Branch branch = store.branch(repo, spec);
        Tree tree = branch.tree();
        if (tree.hasValue(at)) {
          out.println(at);
        } else if (!tree.isDirectory(at)) {
          throw notFound(branch, at, false);
        } else if (recursive) {
          tree.paths(at).forEach(out::println);
        } else {
          for (String name : tree.list(at)) {
            out.println(tree.isDirectory(at.child(name)) ? name + "/" : name);
          }
        }
      }
      out.flush();
      return 0;
    }
  }

  static CliException notFound(Branch branch, Path at, boolean directory) {
    if (directory) {
      return new CliException(
          CliException.FAILURE,
          at + " is a directory on branch '" + branch.name() + "'; list it with `nymote store ls "
              + at + "`");
    }
    Optional<Commit> head = branch.head();
    return new CliException(
        CliException.FAILURE,
        "nothing at '" + at + "' on branch '"
            + branch.name() + "'" + (head.isEmpty() ? ", which has no commits yet" : "")
            + "; `nymote store ls` shows what there is");
  }

  private static void printCommit(CommandSpec spec, Commit commit) {
    spec.commandLine().getOut().println(StoreCommand.id(commit.id()));
    spec.commandLine().getOut().flush();
  }
}
