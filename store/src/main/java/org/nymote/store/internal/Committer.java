package org.nymote.store.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.eclipse.jgit.lib.ObjectId;
import org.nymote.store.Commit;
import org.nymote.store.Conflict;
import org.nymote.store.Info;
import org.nymote.store.Path;
import org.nymote.store.Schema;
import org.nymote.store.StoreException;
import org.nymote.store.Tree;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit. Writers hand in requests; one thread takes every request waiting, settles them in
 * order against the heads (compare-and-set; a lost race is merged three-way by the schema into the
 * new head), persists the whole group with one call to the backend (one fsync), and only then
 * publishes the new heads and answers the writers. Readers never see a head that is not durable.
 */
public final class Committer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Committer.class);
  private static final int MAX_GROUP = 512;

  /** A branch head as readers see it: the commit and its tree (null commit: no branch). */
  public record Head(Commit commit, Tree tree) {
    public ObjectId id() {
      return commit == null ? null : commit.id();
    }
  }

  /** What a writer asks for. */
  public sealed interface Request {
    String branch();
  }

  /**
   * Commit {@code ours}, made from {@code base} at head {@code expected}; merged into the head if
   * it moved.
   */
  public record Update(
      String branch, ObjectId expected, Tree base, Tree ours, Info info, boolean mergeOnRace)
      implements Request {}

  /** Commit {@code tree} with these parents, only if the head is still {@code expected}. */
  public record Put(String branch, ObjectId expected, Tree tree, List<ObjectId> parents, Info info)
      implements Request {}

  /**
   * Apply {@code change} to the head on the committer thread itself: the fallback for an update
   * that kept losing races, which cannot lose another.
   */
  public record Apply(String branch, java.util.function.UnaryOperator<Tree> change, Info info)
      implements Request {}

  /** Move the head to an existing commit (or delete the branch: null), if still {@code expected}. */
  public record Move(String branch, ObjectId expected, ObjectId target) implements Request {}

  /** How a request ended. */
  public sealed interface Outcome {}

  /** Committed (or nothing to commit): the branch's head now. */
  public record Done(Head head) implements Outcome {}

  /** The head moved and our change conflicts with the new head. */
  public record Conflicted(List<Conflict> conflicts) implements Outcome {}

  /** The head moved (for {@link Put} and {@link Move}). */
  public record Stale(Head head) implements Outcome {}

  /** One head move, as watchers receive them, in commit order. */
  public record Moved(String branch, Head before, Head after) {}

  private record Pending(Request request, CompletableFuture<Outcome> done) {}

  private static final Head NONE = new Head(null, Tree.empty());

  private final Backend backend;
  private final Schema schema;
  private final Map<String, Head> heads;
  private final Function<ObjectId, Head> headOf;
  private final java.util.function.Consumer<List<Moved>> published;
  private final BlockingQueue<Pending> queue = new ArrayBlockingQueue<>(4096);
  private final Thread thread;
  private volatile boolean running = true;

  /**
   * @param heads the published heads, read by anyone, written only by this committer
   * @param headOf loads the head for a commit id (for {@link Move})
   * @param published called on the committer thread after each durable group, with its moves
   */
  public Committer(
      Backend backend,
      Schema schema,
      Map<String, Head> heads,
      Function<ObjectId, Head> headOf,
      java.util.function.Consumer<List<Moved>> published) {
    this.backend = backend;
    this.schema = schema;
    this.heads = heads;
    this.headOf = headOf;
    this.published = published;
    this.thread = Thread.ofPlatform().name("nymote-committer").daemon().start(this::run);
  }

  /** Queues a request; the future completes once it is durable (or failed). */
  public CompletableFuture<Outcome> submit(Request r) {
    CompletableFuture<Outcome> f = new CompletableFuture<>();
    if (!running) {
      f.completeExceptionally(new StoreException("the repository is closed"));
      return f;
    }
    try {
      if (!queue.offer(new Pending(r, f), 60, TimeUnit.SECONDS)) {
        f.completeExceptionally(new StoreException("the commit queue stayed full for 60 s"));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      f.completeExceptionally(new StoreException("interrupted while queueing a commit"));
    }
    return f;
  }

  private void run() {
    List<Pending> group = new ArrayList<>();
    while (running || !queue.isEmpty()) {
      try {
        Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        group.clear();
        group.add(first);
        queue.drainTo(group, MAX_GROUP - 1);
        commitGroup(group);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      } catch (RuntimeException | Error e) {
        log.error("committer failed on a group", e);
        for (Pending p : group) {
          p.done.completeExceptionally(e);
        }
      }
    }
  }

  /** How one request ends within a group: the head moves on, or it stops with an outcome. */
  private sealed interface Step {}

  private record Advance(Head next) implements Step {}

  private record Stop(Outcome outcome) implements Step {}

  private void commitGroup(List<Pending> group) {
    Map<String, Head> tentative = new HashMap<>();
    Map<String, ObjectId> moves = new LinkedHashMap<>();
    List<Moved> moved = new ArrayList<>();
    List<RawObject> objects = new ArrayList<>();
    Set<ObjectId> seen = new HashSet<>();
    Outcome[] outcomes = new Outcome[group.size()];
    for (int i = 0; i < group.size(); i++) {
      Request r = group.get(i).request;
      Head cur = tentative.getOrDefault(r.branch(), heads.getOrDefault(r.branch(), NONE));
      Step step;
      try {
        step = settle(r, cur, seen, objects);
      } catch (RuntimeException e) {
        group.get(i).done.completeExceptionally(e);
        continue;
      }
      switch (step) {
        case Stop s -> outcomes[i] = s.outcome();
        case Advance a -> {
          tentative.put(r.branch(), a.next());
          moves.put(r.branch(), a.next().id());
          moved.add(new Moved(r.branch(), cur, a.next()));
          outcomes[i] = new Done(a.next());
        }
      }
    }
    if (!moves.isEmpty() && !persist(objects, moves, group, outcomes)) {
      return;
    }
    tentative.forEach((b, h) -> {
      h.tree().root().markStored(backend);
      if (h.commit() == null) {
        heads.remove(b);
      } else {
        heads.put(b, h);
      }
    });
    completeRest(group, outcomes);
    if (!moved.isEmpty()) {
      published.accept(moved);
    }
  }

  /** Settles one request against the head as the group has left it so far. */
  private Step settle(Request r, Head cur, Set<ObjectId> seen, List<RawObject> objects) {
    return switch (r) {
      case Update u -> {
        Tree tree = u.ours();
        if (!Objects.equals(cur.id(), u.expected())) {
          if (!u.mergeOnRace()) {
            yield new Stop(new Conflicted(List.of()));
          }
          TreeMerger m = new TreeMerger(schema);
          Node merged = m.merge(u.base().root(), u.ours().root(), cur.tree().root(), Path.ROOT);
          if (!m.conflicts().isEmpty()) {
            yield new Stop(new Conflicted(List.copyOf(m.conflicts())));
          }
          tree = Tree.of(merged);
        }
        yield onTop(cur, tree, u.info(), seen, objects);
      }
      case Apply a -> onTop(cur, a.change().apply(cur.tree()), a.info(), seen, objects);
      case Put p ->
        Objects.equals(cur.id(), p.expected())
            ? new Advance(commit(p.tree(), p.parents(), p.info(), seen, objects))
            : new Stop(new Stale(cur));
      case Move mv -> {
        if (!Objects.equals(cur.id(), mv.expected())) {
          yield new Stop(new Stale(cur));
        }
        yield new Advance(mv.target() == null ? NONE : headOf.apply(mv.target()));
      }
    };
  }

  /** Commits {@code tree} on the head, or changes nothing if the head already holds it. */
  private Step onTop(Head cur, Tree tree, Info info, Set<ObjectId> seen, List<RawObject> objects) {
    if (cur.commit() != null && tree.id().equals(cur.tree().id())) {
      return new Stop(new Done(cur));
    }
    List<ObjectId> parents = cur.commit() == null ? List.of() : List.of(cur.id());
    return new Advance(commit(tree, parents, info, seen, objects));
  }

  /** Persists the group; on failure fails every request that would have moved a head. */
  private boolean persist(
      List<RawObject> objects,
      Map<String, ObjectId> moves,
      List<Pending> group,
      Outcome[] outcomes) {
    try {
      backend.persist(objects, moves);
      return true;
    } catch (RuntimeException e) {
      for (int i = 0; i < group.size(); i++) {
        if (outcomes[i] instanceof Done d
            && moves.containsKey(group.get(i).request.branch())) {
          group.get(i).done.completeExceptionally(e);
          outcomes[i] = null;
        }
      }
      completeRest(group, outcomes);
      return false;
    }
  }

  private static void completeRest(List<Pending> group, Outcome[] outcomes) {
    for (int i = 0; i < group.size(); i++) {
      if (outcomes[i] != null) {
        group.get(i).done.complete(outcomes[i]);
      }
    }
  }

  private Head commit(
      Tree tree, List<ObjectId> parents, Info info, Set<ObjectId> seen, List<RawObject> objects) {
    tree.root().collect(seen, objects::add);
    RawObject c = CommitCodec.encode(tree.id(), parents, info);
    objects.add(c);
    return new Head(CommitCodec.decode(c.id(), c.data()), tree);
  }

  @Override
  public void close() {
    running = false;
    try {
      thread.join(30_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
