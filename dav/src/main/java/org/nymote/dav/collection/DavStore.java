package org.nymote.dav.collection;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.eclipse.jgit.lib.ObjectId;
import org.nymote.dav.DavException;
import org.nymote.dav.ical.CalendarObject;
import org.nymote.dav.ical.Span;
import org.nymote.dav.vcard.VCardObject;
import org.nymote.store.Branch;
import org.nymote.store.Commit;
import org.nymote.store.Info;
import org.nymote.store.Path;
import org.nymote.store.Repo;
import org.nymote.store.Tree;
import org.nymote.store.internal.Leaf;

/**
 * The users' contacts and calendars in their stores ({@code main} branch): reading, one store update
 * per change, the default collections, and the indexes queries use. Thread-safe.
 */
public final class DavStore {
  public static final String BRANCH = "main";
  public static final String DEFAULT = "default";

  private final Function<String, Repo> repos;
  private final String device;
  private final CollectionIndex<CalendarObject> calendars = calendarIndex();
  /** Decoded collection metadata by blob id; emptied when full (a few hundred bytes each). */
  private final Map<ObjectId, CollectionMeta> metas = new ConcurrentHashMap<>();

  private static final int MAX_METAS = 4096;

  /** A new index of calendars; its items' {@code recurs} says their bound is not exact. */
  public static CollectionIndex<CalendarObject> calendarIndex() {
    return new CollectionIndex<>(
        CalendarObject::parse,
        o -> new CollectionIndex.Summary(o.uid(), o.type(), o.bound(), !o.boundIsExact()));
  }

  private final CollectionIndex<VCardObject> cards = new CollectionIndex<>(
      VCardObject::parse, o -> new CollectionIndex.Summary(o.uid(), "VCARD", Span.ALL, false));

  public DavStore(Function<String, Repo> repos, String device) {
    this.repos = repos;
    this.device = device;
  }

  public Repo repo(String user) {
    return repos.apply(user);
  }

  public Branch branch(String user) {
    return repo(user).branch(BRANCH);
  }

  public Branch.Snapshot snapshot(String user) {
    return branch(user).snapshot();
  }

  /**
   * Commits {@code change} on exactly the tree it read, so a precondition it checks (an ETag, a
   * UID) holds for what is committed. Durable when it returns. The change runs in turn with the
   * store's other writers ({@link Branch#updateInTurn}): a client's concurrent PUTs into one
   * collection all touch its index, so optimistic writers would mostly run again; in turn, they
   * are written together, one durable step for those queued at once.
   */
  public Commit update(String user, String message, UnaryOperator<Tree> change) {
    return branch(user).updateInTurn(Info.now(device, "dav: " + message), change);
  }

  /** Creates the default calendar and address book if the user has no collection of a kind. */
  public void ensureDefaults(String user) {
    Tree t = branch(user).tree();
    if (t.isDirectory(Path.of(Kind.CALENDAR.home()))
        && t.isDirectory(Path.of(Kind.ADDRESSBOOK.home()))) {
      return;
    }
    update(user, "create the default collections", tree -> {
      Tree out = tree;
      for (Kind k : Kind.values()) {
        if (!out.isDirectory(Path.of(k.home()))) {
          var meta = CollectionMeta.of(k)
              .with("displayname", Optional.of(k == Kind.CALENDAR ? "Calendar" : "Contacts"));
          out = out.with(CollectionMeta.path(k.collection(DEFAULT)), meta.encode());
        }
      }
      return out;
    });
  }

  /** The ids of the collections of a kind. */
  public List<String> collections(Tree tree, Kind kind) {
    return tree.list(Path.of(kind.home())).stream()
        .filter(id -> tree.hasValue(CollectionMeta.path(kind.collection(id))))
        .toList();
  }

  /**
   * The collection's metadata, if it exists. Decoded once per version (by its blob id): a
   * multiget or PROPFIND asks for it once for each resource it describes.
   */
  public Optional<CollectionMeta> meta(Tree tree, DavPath.Collection c) {
    if (!(tree.findEntry(CollectionMeta.path(c.store())).orElse(null) instanceof Leaf leaf)) {
      return Optional.empty();
    }
    CollectionMeta m = metas.get(leaf.id());
    if (m == null) {
      m = CollectionMeta.decode(leaf.bytes());
      if (metas.size() >= MAX_METAS) {
        metas.clear();
      }
      metas.put(leaf.id(), m);
    }
    return Optional.of(m);
  }

  /** The collection's metadata; 404 if there is no such collection. */
  public CollectionMeta getMeta(Tree tree, DavPath.Collection c) {
    return meta(tree, c)
        .orElseThrow(
            () -> new DavException(404, "no collection " + c.kind().home() + "/" + c.id()));
  }

  public CollectionIndex.Snapshot<CalendarObject> calendarIndex(String user, Tree tree, String id) {
    return calendars.at(user + "/" + id, tree.subtree(Kind.CALENDAR.collection(id)));
  }

  public CollectionIndex.Snapshot<VCardObject> cardIndex(String user, Tree tree, String id) {
    return cards.at(user + "/" + id, tree.subtree(Kind.ADDRESSBOOK.collection(id)));
  }

  public CollectionIndex<CalendarObject> calendars() {
    return calendars;
  }

  public CollectionIndex<VCardObject> cards() {
    return cards;
  }
}
