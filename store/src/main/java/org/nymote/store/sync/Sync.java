package org.nymote.store.sync;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.eclipse.jgit.errors.TransportException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.NullProgressMonitor;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ProgressMonitor;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.FetchResult;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.transport.URIish;
import org.nymote.store.Branch;
import org.nymote.store.Commit;
import org.nymote.store.Info;
import org.nymote.store.MergeResult;
import org.nymote.store.Repo;
import org.nymote.store.Schema;
import org.nymote.store.StoreException;

/**
 * Brings a repository in step with a remote over any Git transport JGit speaks (a path, {@code
 * file://}, {@code http(s)://}, {@code git://}, {@code ssh://} with the user's {@code ~/.ssh}, see
 * {@link SshAccess}): fetch every branch, merge each into ours by the schema (conflicts settled
 * by keeping both sides, the same way on every replica), and push the result back; if the remote
 * moved meanwhile, do it again, a bounded number of times. A
 * remote that is another Nymote repository on this machine is opened as one (it must not be open
 * in another process) and pulled both ways, so its journal and heads stay its own.
 */
public final class Sync {
  /** How often a sync fetches again after the remote moved under its push. */
  public static final int MAX_ROUNDS = 8;

  /** How a sync runs. */
  public record Options(
      String device,
      String remoteName,
      Optional<CredentialsProvider> credentials,
      ProgressMonitor progress,
      Predicate<String> branches,
      boolean push,
      Duration timeout,
      Consumer<Transport> transportSetup) {
    public static Options defaults(String device) {
      return new Options(
          device,
          "origin",
          Optional.empty(),
          NullProgressMonitor.INSTANCE,
          b -> true,
          true,
          Duration.ofMinutes(5),
          t -> {});
    }

    /**
     * Runs {@code setup} on the transport once it is open, before any request: for example to
     * give an HTTP transport its own TLS client certificate.
     */
    public Options withTransportSetup(Consumer<Transport> setup) {
      return new Options(device, remoteName, credentials, progress, branches, push, timeout, setup);
    }

    public Options withProgress(ProgressMonitor p) {
      return new Options(
          device, remoteName, credentials, p, branches, push, timeout, transportSetup);
    }

    public Options withCredentials(CredentialsProvider c) {
      return new Options(
          device, remoteName, Optional.of(c), progress, branches, push, timeout, transportSetup);
    }

    public Options withPush(boolean p) {
      return new Options(
          device, remoteName, credentials, progress, branches, p, timeout, transportSetup);
    }

    public Options withRemoteName(String n) {
      return new Options(device, n, credentials, progress, branches, push, timeout, transportSetup);
    }
  }

  /** What happened to one branch. */
  public enum Outcome {
    UP_TO_DATE,
    CREATED_HERE,
    FAST_FORWARDED,
    MERGED,
    PUSHED
  }

  /** One branch's outcome, with the conflicts its merge settled by keeping both sides. */
  public record BranchReport(
      String branch, List<Outcome> outcomes, List<org.nymote.store.Conflict> conflicts) {}

  /** The outcome of a sync: per branch, and how many fetch-merge-push rounds it took. */
  public record Report(Map<String, BranchReport> branches, int rounds) {}

  private Sync() {}

  /** Syncs {@code repo} with {@code remote}. */
  public static Report sync(Repo repo, String remote, Options o) {
    java.nio.file.Path local = localNymote(remote);
    if (local != null) {
      return syncLocalNymote(repo, local, o);
    }
    return overTransport(repo, remote, o);
  }

  private static Report overTransport(Repo repo, String remote, Options o) {
    Repository git = gitOf(repo);
    Map<String, BranchReport> reports = new HashMap<>();
    Map<String, Refusal> refused = new HashMap<>();
    Repo.Transfer transfer = repo.beginTransfer();
    SshAccess ssh = new SshAccess();
    try (ssh;
        Transport t = open(git, remote, o, ssh)) {
      for (int round = 1; round <= MAX_ROUNDS; round++) {
        Map<String, ObjectId> theirs = fetch(t, o);
        for (var r : refused.entrySet()) {
          if (r.getValue().at().equals(theirs.getOrDefault(r.getKey(), ObjectId.zeroId()))) {
            // Refused though the branch had not moved there: the refusal stands.
            throw new StoreException(
                "the remote refused branch " + r.getKey() + ": " + r.getValue().why());
          }
        }
        refused.clear();
        mergeAll(repo, theirs, o, "sync with " + redact(remote), reports);
        if (!o.push()) {
          return new Report(reports, round);
        }
        if (push(repo, git, t, theirs, o, reports, refused)) {
          return new Report(reports, round);
        }
      }
    } catch (TransportException e) {
      throw new StoreException("cannot sync with " + redact(remote) + ": " + ssh.explain(e), e);
    } finally {
      transfer.close();
    }
    throw new StoreException("the remote " + redact(remote) + " kept moving during " + MAX_ROUNDS
        + " rounds; try again");
  }

  /** Makes a new repository at {@code dir} from {@code remote}, with progress on {@code o}. */
  public static Repo cloneInto(String remote, java.nio.file.Path dir, Schema schema, Options o) {
    if (Files.exists(dir) && isNonEmptyDir(dir)) {
      throw new StoreException(dir + " exists and is not empty; clone into a new folder");
    }
    Repo repo = Repo.init(dir, schema);
    try {
      sync(repo, remote, o.withPush(false));
      repo.checkpoint();
      return repo;
    } catch (RuntimeException e) {
      repo.close();
      throw e;
    }
  }

  private static boolean isNonEmptyDir(java.nio.file.Path dir) {
    try (var s = Files.list(dir)) {
      return s.findAny().isPresent();
    } catch (java.io.IOException e) {
      return true;
    }
  }

  private static Repository gitOf(Repo repo) {
    repo.checkpoint();
    return repo.gitRepository()
        .orElseThrow(() -> new StoreException("only an on-disk repository can sync"));
  }

  private static Transport open(Repository git, String remote, Options o, SshAccess ssh) {
    try {
      Transport t = Transport.open(git, new URIish(remote));
      ssh.configure(t);
      o.credentials().ifPresent(t::setCredentialsProvider);
      o.transportSetup().accept(t);
      t.setTimeout((int) Math.max(1, o.timeout().toSeconds()));
      return t;
    } catch (URISyntaxException e) {
      throw new StoreException("'" + redact(remote) + "' is not a Git remote: " + e.getMessage());
    } catch (TransportException | org.eclipse.jgit.errors.NotSupportedException e) {
      throw new StoreException("cannot reach " + redact(remote) + ": " + e.getMessage(), e);
    }
  }

  private static Map<String, ObjectId> fetch(Transport t, Options o) throws TransportException {
    String track = Constants.R_REMOTES + o.remoteName() + "/*";
    try {
      FetchResult fr = t.fetch(o.progress(), List.of(new RefSpec("+refs/heads/*:" + track)));
      Map<String, ObjectId> heads = new HashMap<>();
      for (Ref r : fr.getAdvertisedRefs()) {
        String n = r.getName();
        if (n.startsWith(Constants.R_HEADS) && r.getObjectId() != null) {
          String b = n.substring(Constants.R_HEADS.length());
          if (o.branches().test(b)) {
            heads.put(b, r.getObjectId());
          }
        }
      }
      return heads;
    } catch (org.eclipse.jgit.errors.NotSupportedException e) {
      throw new StoreException("the remote does not support fetching: " + e.getMessage(), e);
    }
  }

  private static void mergeAll(
      Repo repo,
      Map<String, ObjectId> theirs,
      Options o,
      String why,
      Map<String, BranchReport> out) {
    for (var e : theirs.entrySet()) {
      Branch b = repo.branch(e.getKey());
      Optional<Commit> before = b.head();
      List<Outcome> outcomes =
          new ArrayList<>(out.containsKey(e.getKey()) ? out.get(e.getKey()).outcomes() : List.of());
      List<org.nymote.store.Conflict> conflicts = new ArrayList<>(
          out.containsKey(e.getKey()) ? out.get(e.getKey()).conflicts() : List.of());
      if (before.isEmpty()) {
        if (b.compareAndSet(Optional.empty(), e.getValue())) {
          outcomes.add(Outcome.CREATED_HERE);
        } else {
          merge(b, e.getValue(), o, why, outcomes, conflicts);
        }
      } else if (before.get().id().equals(e.getValue())) {
        outcomes.add(Outcome.UP_TO_DATE);
      } else {
        // One walk of the history tells the common cases apart: after 10,000 commits on one side,
        // asking "is theirs below ours?", then "is ours below theirs?" would walk them twice more.
        ObjectId ours = before.get().id();
        List<ObjectId> bases = repo.mergeBases(ours, e.getValue());
        if (bases.equals(List.of(e.getValue()))) {
          outcomes.add(Outcome.UP_TO_DATE);
        } else if (bases.equals(List.of(ours))
            && b.compareAndSet(before.map(Commit::id), e.getValue())) {
          outcomes.add(Outcome.FAST_FORWARDED);
        } else {
          merge(b, e.getValue(), o, why, outcomes, conflicts);
        }
      }
      out.put(e.getKey(), new BranchReport(e.getKey(), outcomes, conflicts));
    }
  }

  private static void merge(
      Branch b,
      ObjectId theirs,
      Options o,
      String why,
      List<Outcome> outcomes,
      List<org.nymote.store.Conflict> conflicts) {
    MergeResult m = b.mergeKeepingBoth(theirs, Info.now(o.device(), why));
    boolean ff = m.commit().map(c -> c.id().equals(theirs)).orElse(false);
    outcomes.add(ff ? Outcome.FAST_FORWARDED : Outcome.MERGED);
    conflicts.addAll(m.conflicts());
  }

  /** A branch the remote refused for another reason than a non-fast-forward, and where it was. */
  private record Refusal(ObjectId at, String why) {}

  /**
   * Pushes every branch that differs; true when all went through, false to go round again. A
   * branch refused for another reason goes to {@code refused}: over HTTP the advertisement and the
   * push are separate requests, and a branch that moved in between is refused as "invalid old id"
   * or "moved meanwhile", which the next round's fetch tells apart from a refusal that stands.
   */
  private static boolean push(
      Repo repo,
      Repository git,
      Transport t,
      Map<String, ObjectId> theirs,
      Options o,
      Map<String, BranchReport> out,
      Map<String, Refusal> refused)
      throws TransportException {
    repo.checkpoint();
    List<RemoteRefUpdate> updates = new ArrayList<>();
    try {
      for (String name : repo.branches()) {
        if (!o.branches().test(name)) {
          continue;
        }
        ObjectId mine = repo.branch(name).head().map(Commit::id).orElseThrow();
        ObjectId remote = theirs.get(name);
        if (mine.equals(remote)) {
          continue;
        }
        String ref = Constants.R_HEADS + name;
        updates.add(new RemoteRefUpdate(
            git, ref, mine, ref, false, null, remote == null ? ObjectId.zeroId() : remote));
      }
    } catch (java.io.IOException e) {
      throw new StoreException("cannot prepare the push: " + e.getMessage(), e);
    }
    if (updates.isEmpty()) {
      return true;
    }
    PushResult pr;
    try {
      pr = t.push(o.progress(), updates);
    } catch (org.eclipse.jgit.errors.NotSupportedException e) {
      throw new StoreException("the remote does not support pushing: " + e.getMessage(), e);
    }
    boolean again = false;
    for (RemoteRefUpdate u : pr.getRemoteUpdates()) {
      String b = u.getRemoteName().substring(Constants.R_HEADS.length());
      switch (u.getStatus()) {
        case OK, UP_TO_DATE -> {
          BranchReport r = out.getOrDefault(b, new BranchReport(b, List.of(), List.of()));
          List<Outcome> oc = new ArrayList<>(r.outcomes());
          oc.add(Outcome.PUSHED);
          out.put(b, new BranchReport(b, oc, r.conflicts()));
        }
        case REJECTED_NONFASTFORWARD, REJECTED_REMOTE_CHANGED -> again = true;
        case REJECTED_OTHER_REASON -> {
          again = true;
          refused.put(
              b,
              new Refusal(
                  theirs.getOrDefault(b, ObjectId.zeroId()),
                  u.getStatus() + (u.getMessage() == null ? "" : " (" + u.getMessage() + ")")));
        }
        default ->
          throw new StoreException("the remote refused branch " + b + ": " + u.getStatus()
              + (u.getMessage() == null ? "" : " (" + u.getMessage() + ")"));
      }
    }
    return !again;
  }

  // ---- a Nymote repository on this machine ----

  private static java.nio.file.Path localNymote(String remote) {
    String path = remote.startsWith("file://") ? remote.substring("file://".length()) : remote;
    if (path.contains("://")) {
      return null;
    }
    java.nio.file.Path p = java.nio.file.Path.of(path);
    return Files.isDirectory(p.resolve("nymote")) && Files.isRegularFile(p.resolve("HEAD"))
        ? p
        : null;
  }

  private static Report syncLocalNymote(Repo repo, java.nio.file.Path other, Options o) {
    if (repo.directory()
        .map(d -> d.toAbsolutePath().normalize().equals(other.toAbsolutePath().normalize()))
        .orElse(false)) {
      throw new StoreException("cannot sync a repository with itself");
    }
    try (Repo peer = Repo.open(other, repo.schema(), Repo.Options.MANUAL)) {
      Options pull = o.withPush(false);
      gitOf(peer);
      Report mine = overTransport(repo, other.toAbsolutePath().toString(), pull);
      if (o.push()) {
        repo.checkpoint();
        String here = repo.directory().orElseThrow().toAbsolutePath().toString();
        overTransport(peer, here, pull.withRemoteName("nymote-peer"));
        peer.checkpoint();
      }
      return mine;
    }
  }

  private static String redact(String remote) {
    return remote.replaceAll("//[^/@]*@", "//***@");
  }
}
