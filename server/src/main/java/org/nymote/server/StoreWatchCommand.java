package org.nymote.server;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.eclipse.jgit.lib.ObjectId;
import org.nymote.store.Change;
import org.nymote.store.Commit;
import org.nymote.store.Path;
import org.nymote.store.Repo;
import org.nymote.store.Tree;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code nymote store watch [PREFIX]}: prints {@code ready}, then, for each new commit on the
 * branch that changes something under PREFIX, oldest first, one line per change: {@code COMMIT +
 * path}, {@code COMMIT - path} or {@code COMMIT M path}. Runs until stopped.
 *
 * <p>The store lets one process open a repository at a time, and the writers are other processes
 * ({@code nymote store set}, ...), so this polls: every interval it opens the repository briefly,
 * and walks the branch's first-parent line from the head back to the commit it saw last. If that
 * commit is no longer on the line (the branch was reset or deleted), it prints the difference
 * between the two trees under the new head's id instead.
 */
@Command(
    name = "watch",
    description = {
      "Print `ready`, then each change under PREFIX as new commits arrive on the branch:",
      "COMMIT + PATH (added), COMMIT - PATH (removed), COMMIT M PATH (changed). Runs until stopped."
    })
final class StoreWatchCommand extends StoreSubcommand implements Callable<Integer> {
  @Parameters(paramLabel = "PREFIX", defaultValue = "", description = "only under this path")
  private String prefix;

  @Option(
      names = "--interval",
      paramLabel = "MILLIS",
      defaultValue = "500",
      description = "how often to look, in milliseconds (default: ${DEFAULT-VALUE})")
  private long intervalMillis;

  @Override
  public Integer call() {
    Path under = StoreCommand.path(prefix, spec);
    if (intervalMillis < 10) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "--interval must be at least 10 ms");
    }
    PrintWriter out = spec.commandLine().getOut();
    Optional<ObjectId> seen;
    try (Repo repo = store.open(spec)) {
      seen = store.branch(repo, spec).head().map(Commit::id);
    }
    out.println("ready");
    out.flush();
    while (true) {
      StoreCommand.sleep(Duration.ofMillis(intervalMillis));
      Optional<Repo> opened = store.tryOpen(spec); // busy: look again next time
      if (opened.isPresent()) {
        try (Repo repo = opened.get()) {
          seen = report(repo, seen, under, out);
        }
      }
    }
  }

  /** Prints what changed from {@code seen} to the head; returns the head. */
  private Optional<ObjectId> report(
      Repo repo, Optional<ObjectId> seen, Path under, PrintWriter out) {
    Optional<Commit> head = store.branch(repo, spec).head();
    if (head.map(Commit::id).equals(seen)) {
      return seen;
    }
    Optional<List<Commit>> line = head.flatMap(h -> firstParentsSince(repo, h, seen));
    if (line.isPresent()) {
      for (Commit c : line.get()) {
        Tree before = c.parent().map(p -> repo.tree(repo.getCommit(p))).orElse(Tree.empty());
        print(out, c.id(), repo.diff(before, repo.tree(c), under));
      }
    } else {
      Tree before = seen.map(id -> repo.tree(repo.getCommit(id))).orElse(Tree.empty());
      Tree after = head.map(repo::tree).orElse(Tree.empty());
      print(out, head.map(Commit::id).orElse(ObjectId.zeroId()), repo.diff(before, after, under));
    }
    out.flush();
    return head.map(Commit::id);
  }

  /** The commits after {@code seen} up to {@code head}, oldest first; empty if seen is gone. */
  private static Optional<List<Commit>> firstParentsSince(
      Repo repo, Commit head, Optional<ObjectId> seen) {
    List<Commit> line = new ArrayList<>();
    Optional<Commit> c = Optional.of(head);
    while (c.isPresent() && !c.map(Commit::id).equals(seen)) {
      line.add(c.get());
      c = c.get().parent().map(repo::getCommit);
    }
    if (c.isEmpty() && seen.isPresent()) {
      return Optional.empty();
    }
    return Optional.of(line.reversed());
  }

  private static void print(PrintWriter out, ObjectId commit, List<Change> changes) {
    for (Change change : changes) {
      out.println(commit.name() + " " + change);
    }
  }
}
