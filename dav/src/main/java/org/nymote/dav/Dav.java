package org.nymote.dav;

import java.util.function.Function;
import org.nymote.dav.collection.DavPath;
import org.nymote.dav.collection.DavStore;
import org.nymote.dav.method.CopyMove;
import org.nymote.dav.method.DavContext;
import org.nymote.dav.method.Delete;
import org.nymote.dav.method.Get;
import org.nymote.dav.method.Mkcol;
import org.nymote.dav.method.Options;
import org.nymote.dav.method.Propfind;
import org.nymote.dav.method.Proppatch;
import org.nymote.dav.method.Put;
import org.nymote.dav.method.Report;
import org.nymote.dav.xml.XmlWriter;
import org.nymote.store.InvalidPathException;
import org.nymote.store.Repo;
import org.nymote.store.UpdateFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CalDAV and CardDAV over the users' stores, for any HTTP front: it takes a {@link DavRequest}
 * whose user is already authenticated and answers a {@link DavResponse}. A user reaches only their
 * own collections (403); every refusal is a status with a reason and, where the RFC names one, its
 * precondition element. The default calendar and address book are made on a user's first request.
 * Thread-safe; blocking.
 */
public final class Dav {
  private static final Logger LOG = LoggerFactory.getLogger(Dav.class);

  /** The largest calendar object or vCard by default. */
  public static final int MAX_RESOURCE_BYTES = 1 << 20;

  private final DavContext ctx;

  /**
   * @param prefix the path the front mounts DAV at, as {@code /dav}
   * @param repos the store of each user
   * @param device the name this replica writes into commits
   */
  public Dav(String prefix, Function<String, Repo> repos, String device, int maxResourceBytes) {
    this.ctx = new DavContext(prefix, new DavStore(repos, device), maxResourceBytes);
  }

  public String prefix() {
    return ctx.prefix();
  }

  public DavResponse handle(DavRequest r) {
    try {
      if (r.method().equals("OPTIONS")) {
        return Options.handle();
      }
      DavPath target = DavPath.parse(ctx.prefix(), r.path());
      if (target.owner().isPresent() && !target.owner().get().equals(r.user())) {
        throw new DavException(
            403,
            "you are " + r.user() + ": you may reach " + ctx.href(new DavPath.Principal(r.user()))
                + " only");
      }
      ctx.store().ensureDefaults(r.user());
      return switch (r.method()) {
        case "PROPFIND" -> Propfind.handle(ctx, r, target);
        case "PROPPATCH" -> Proppatch.handle(ctx, r, target);
        case "GET", "HEAD" -> Get.handle(ctx, r, target);
        case "PUT" -> Put.handle(ctx, r, target);
        case "DELETE" -> Delete.handle(ctx, r, target);
        case "MKCOL", "MKCALENDAR" -> Mkcol.handle(ctx, r, target);
        case "COPY", "MOVE" -> CopyMove.handle(ctx, r, target);
        case "REPORT" -> Report.handle(ctx, r, target);
        default -> throw new DavException(405, r.method() + " is not supported here");
      };
    } catch (DavException e) {
      return refusal(e);
    } catch (InvalidPathException e) {
      return refusal(new DavException(400, e.getMessage()));
    } catch (UpdateFailedException e) {
      return refusal(new DavException(409, "a concurrent change conflicts; try again"));
    } catch (RuntimeException e) {
      LOG.error("{} {} failed", r.method(), r.path(), e);
      return DavResponse.text(500, "the server failed on this request; its log says why");
    }
  }

  /** A refusal: a DAV:error body with the precondition if there is one, else the reason. */
  static DavResponse refusal(DavException e) {
    DavResponse out;
    if (e.precondition().isPresent()) {
      var w = new XmlWriter();
      w.start(org.nymote.dav.xml.Names.dav("error")).empty(e.precondition().get());
      w.element(new javax.xml.namespace.QName("http://nymote.org/ns/", "reason"), e.getMessage());
      w.end(org.nymote.dav.xml.Names.dav("error"));
      out = DavResponse.xml(e.status(), w.toString());
    } else {
      out = DavResponse.text(e.status(), e.getMessage());
    }
    return e.status() == 405 ? out.with("Allow", Options.ALLOW) : out;
  }
}
