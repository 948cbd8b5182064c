package org.nymote.store.internal;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;
import org.nymote.store.Commit;
import org.nymote.store.CorruptObjectException;
import org.nymote.store.Info;

/** Git commit objects to and from {@link Commit}. Stateless. */
public final class CommitCodec {
  private CommitCodec() {}

  /** The Git commit object for a tree, parents and info; its time is cut to whole seconds. */
  public static RawObject encode(ObjectId tree, List<ObjectId> parents, Info info) {
    CommitBuilder b = new CommitBuilder();
    b.setTreeId(tree);
    b.setParentIds(parents);
    PersonIdent who =
        new PersonIdent(info.device(), info.device() + "@nymote", info.time(), ZoneOffset.UTC);
    b.setAuthor(who);
    b.setCommitter(who);
    b.setMessage(info.message().endsWith("\n") ? info.message() : info.message() + "\n");
    try {
      return RawObject.of(Constants.OBJ_COMMIT, b.build());
    } catch (java.io.UnsupportedEncodingException e) {
      throw new IllegalStateException("UTF-8 is always supported", e);
    }
  }

  /** The commit that {@code raw} encodes. */
  public static Commit decode(ObjectId id, byte[] raw) {
    RevCommit c;
    try {
      c = RevCommit.parse(raw);
    } catch (RuntimeException e) {
      throw new CorruptObjectException("commit " + id.name() + " does not parse", e);
    }
    List<ObjectId> parents = new ArrayList<>(c.getParentCount());
    for (RevCommit p : c.getParents()) {
      parents.add(p.toObjectId());
    }
    PersonIdent who = c.getCommitterIdent();
    String msg = c.getFullMessage();
    if (msg.endsWith("\n")) {
      msg = msg.substring(0, msg.length() - 1);
    }
    Info info = new Info(
        who == null || who.getName().isBlank() ? "unknown" : sanitize(who.getName()),
        who == null ? Instant.EPOCH : who.getWhenAsInstant(),
        msg);
    return new Commit(id, parents, c.getTree().toObjectId(), info);
  }

  private static String sanitize(String name) {
    return name.replace('<', '_').replace('>', '_').replace('\n', ' ');
  }
}
