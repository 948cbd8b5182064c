package org.nymote.server;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheEditor;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.internal.storage.dfs.DfsRepositoryDescription;
import org.eclipse.jgit.internal.storage.dfs.InMemoryRepository;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.NullProgressMonitor;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * A replica changed through {@code /git/USER/store.git} alone: fetch main, commit the change on
 * it, push; a push the server refuses because main moved meanwhile is the Git form of a 412, and
 * the edit starts again from a new fetch. Each instance keeps its own in-memory repository; one
 * thread at a time.
 */
final class GitPushReplica implements Replica {
  private static final String MAIN = Constants.R_HEADS + "main";

  private final String name;
  private final String url;
  private final CredentialsProvider login;
  private final Repository local = new InMemoryRepository(new DfsRepositoryDescription("test"));

  GitPushReplica(String name, String url, String user, String password) {
    this.name = name;
    this.url = url;
    this.login = new UsernamePasswordCredentialsProvider(user, password);
  }

  @Override
  public String name() {
    return name;
  }

  /** The head of main on the replica, after fetching it; empty if main has no commit. */
  Optional<ObjectId> fetchHead() throws Exception {
    try (Transport t = Transport.open(local, new URIish(url))) {
      t.setCredentialsProvider(login);
      var result = t.fetch(
          NullProgressMonitor.INSTANCE, List.of(new RefSpec("+refs/heads/*:refs/remotes/r/*")));
      Ref main = result.getAdvertisedRef(MAIN);
      return Optional.ofNullable(main).map(Ref::getObjectId);
    }
  }

  /** The id of the tree main holds on the replica now. */
  ObjectId treeId() throws Exception {
    try (RevWalk walk = new RevWalk(local)) {
      return walk.parseCommit(fetchHead().orElseThrow()).getTree().getId();
    }
  }

  @Override
  public Optional<byte[]> read(String path) throws Exception {
    Optional<ObjectId> head = fetchHead();
    return head.isEmpty() ? Optional.empty() : readAt(head.get(), path);
  }

  @Override
  public void edit(String path, Function<Optional<byte[]>, byte[]> change) throws Exception {
    for (int attempt = 1; ; attempt++) {
      Optional<ObjectId> head = fetchHead();
      Optional<byte[]> old = head.isEmpty() ? Optional.empty() : readAt(head.get(), path);
      ObjectId commit = commit(head, path, change.apply(old));
      if (push(head, commit)) {
        return;
      }
      if (attempt == 50) {
        throw new AssertionError(name + ": 50 pushes of " + path + " refused in a row");
      }
    }
  }

  private Optional<byte[]> readAt(ObjectId head, String path) throws Exception {
    try (RevWalk walk = new RevWalk(local)) {
      RevCommit commit = walk.parseCommit(head);
      try (TreeWalk tw = TreeWalk.forPath(local, path, commit.getTree())) {
        return tw == null
            ? Optional.empty()
            : Optional.of(local.open(tw.getObjectId(0)).getBytes());
      }
    }
  }

  private ObjectId commit(Optional<ObjectId> parent, String path, byte[] value) throws Exception {
    try (ObjectInserter inserter = local.newObjectInserter();
        RevWalk walk = new RevWalk(local)) {
      DirCache index = DirCache.newInCore();
      if (parent.isPresent()) {
        var builder = index.builder();
        builder.addTree(
            new byte[0],
            0,
            local.newObjectReader(),
            walk.parseCommit(parent.get()).getTree());
        builder.finish();
      }
      ObjectId blob = inserter.insert(Constants.OBJ_BLOB, value);
      DirCacheEditor editor = index.editor();
      editor.add(new DirCacheEditor.PathEdit(path) {
        @Override
        public void apply(DirCacheEntry entry) {
          entry.setFileMode(FileMode.REGULAR_FILE);
          entry.setObjectId(blob);
        }
      });
      editor.finish();
      var commit = new CommitBuilder();
      commit.setTreeId(index.writeTree(inserter));
      parent.ifPresent(commit::setParentId);
      var who = new PersonIdent(name, name + "@test");
      commit.setAuthor(who);
      commit.setCommitter(who);
      commit.setMessage("edit " + path + "\n");
      ObjectId id = inserter.insert(commit);
      inserter.flush();
      return id;
    }
  }

  /** Pushes {@code commit} to main if main is still {@code expected}; false if it moved. */
  private boolean push(Optional<ObjectId> expected, ObjectId commit) throws Exception {
    try (Transport t = Transport.open(local, new URIish(url))) {
      t.setCredentialsProvider(login);
      var update = new RemoteRefUpdate(
          local, null, commit, MAIN, false, null, expected.orElse(ObjectId.zeroId()));
      var result = t.push(NullProgressMonitor.INSTANCE, List.of(update));
      var status = result.getRemoteUpdate(MAIN).getStatus();
      return switch (status) {
        case OK, UP_TO_DATE -> true;
        case REJECTED_NONFASTFORWARD, REJECTED_REMOTE_CHANGED, REJECTED_OTHER_REASON -> false;
        default ->
          throw new AssertionError(name + ": push of " + commit.name() + ": " + status + " "
              + result.getRemoteUpdate(MAIN).getMessage());
      };
    }
  }
}
