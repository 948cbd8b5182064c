package org.nymote.dav.method;

import java.util.Optional;
import org.eclipse.jgit.lib.ObjectId;
import org.nymote.dav.DavException;
import org.nymote.dav.DavRequest;
import org.nymote.dav.DavResponse;
import org.nymote.dav.collection.DavPath;
import org.nymote.dav.xml.Multistatus;
import org.nymote.dav.xml.Names;
import org.nymote.dav.xml.XmlReader;
import org.nymote.store.Branch;
import org.nymote.store.Change;
import org.nymote.store.Commit;
import org.nymote.store.Path;
import org.nymote.store.Tree;
import org.nymote.store.internal.History;

/**
 * sync-collection (RFC 6578): the token is a commit id, so the changes since any token are the
 * tree diff of the collection between that commit and the head; its cost grows with the changes.
 * No token lists every member. A token that names no commit of the store is 403 valid-sync-token.
 */
final class SyncCollection {
  private SyncCollection() {}

  static DavResponse handle(
      DavContext ctx, DavRequest r, DavPath.Collection c, Branch.Snapshot snap, Report.Query q) {
    var root = q.root();
    String level = XmlReader.child(root, Names.dav("sync-level"))
        .map(e -> e.getTextContent().strip())
        .orElse("1");
    if (!level.equals("1")) {
      throw new DavException(
          403,
          Names.dav("number-of-matches-within-limits"),
          "only sync-level 1: collections hold no collections");
    }
    Tree now = snap.tree().subtree(c.store());
    ctx.store().getMeta(snap.tree(), c);
    Tree before = XmlReader.child(root, Names.SYNC_TOKEN)
        .map(e -> e.getTextContent().strip())
        .filter(t -> !t.isEmpty())
        .map(t -> old(ctx, r.user(), t).subtree(c.store()))
        .orElse(Tree.empty());
    var ms = new Multistatus();
    for (Change ch : History.diff(before.root(), now.root(), Path.ROOT)) {
      if (ch.path().depth() != 1 || ch.path().name().startsWith(".")) {
        continue;
      }
      var res = c.resource(ch.path().name());
      if (ch.after().isPresent()) {
        q.describe(ms, res, Optional.empty());
      } else {
        ms.status(ctx.href(res), 404);
      }
    }
    return DavResponse.xml(207, ms.finishWithToken(DavContext.token(snap.head())));
  }

  private static Tree old(DavContext ctx, String user, String token) {
    if (!token.startsWith(DavContext.TOKEN_PREFIX)) {
      throw invalid();
    }
    String id = token.substring(DavContext.TOKEN_PREFIX.length());
    if (id.equals("0")) {
      return Tree.empty();
    }
    if (!ObjectId.isId(id)) {
      throw invalid();
    }
    var repo = ctx.store().repo(user);
    Optional<Commit> commit = repo.findCommit(ObjectId.fromString(id));
    return repo.tree(commit.orElseThrow(SyncCollection::invalid));
  }

  private static DavException invalid() {
    return new DavException(403, Names.VALID_SYNC_TOKEN, "the sync-token is not one of ours");
  }
}
