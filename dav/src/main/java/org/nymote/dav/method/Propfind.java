package org.nymote.dav.method;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.xml.namespace.QName;
import org.nymote.dav.DavException;
import org.nymote.dav.DavRequest;
import org.nymote.dav.DavResponse;
import org.nymote.dav.collection.DavPath;
import org.nymote.dav.collection.Kind;
import org.nymote.dav.xml.Multistatus;
import org.nymote.dav.xml.Names;
import org.nymote.dav.xml.XmlReader;
import org.nymote.dav.xml.XmlWriter;
import org.nymote.store.Branch;
import org.nymote.store.Path;
import org.nymote.store.Tree;
import org.nymote.store.internal.Dir;
import org.w3c.dom.Element;

/** PROPFIND (RFC 4918 §9.1): prop, allprop and propname, at depth 0 or 1. */
public final class Propfind {
  private Propfind() {}

  /** Which properties a PROPFIND asks for. */
  sealed interface Ask {
    record Props(List<QName> names) implements Ask {}

    record AllProp() implements Ask {}

    record PropName() implements Ask {}
  }

  public static DavResponse handle(DavContext ctx, DavRequest r, DavPath target) {
    int depth = r.depth(-1);
    if (depth < 0) {
      throw new DavException(403, Names.dav("propfind-finite-depth"), "send Depth: 0 or 1");
    }
    Ask ask = parse(r.body());
    Branch.Snapshot snap = ctx.store().snapshot(r.user());
    String token = DavContext.token(snap.head());
    Tree tree = snap.tree();
    List<Node> nodes = new ArrayList<>();
    nodes.add(node(ctx, tree, target, token));
    if (depth == 1) {
      nodes.addAll(members(ctx, tree, target, r.user(), token));
    }
    var ms = new Multistatus();
    for (Node n : nodes) {
      describe(ms, ctx, r.user(), n, ask);
    }
    return DavResponse.xml(207, ms.finish());
  }

  static Ask parse(byte[] body) {
    Optional<Element> root = XmlReader.parse(body);
    if (root.isEmpty()) {
      return new Ask.AllProp();
    }
    if (!XmlReader.is(root.get(), Names.dav("propfind"))) {
      throw new DavException(400, "expected DAV:propfind");
    }
    if (XmlReader.child(root.get(), Names.dav("propname")).isPresent()) {
      return new Ask.PropName();
    }
    return XmlReader.child(root.get(), Names.dav("prop"))
        .<Ask>map(p ->
            new Ask.Props(XmlReader.children(p).stream().map(XmlReader::name).toList()))
        .orElse(new Ask.AllProp());
  }

  static void describe(Multistatus ms, DavContext ctx, String user, Node n, Ask ask) {
    XmlWriter found = XmlWriter.fragment();
    List<QName> missing = new ArrayList<>();
    switch (ask) {
      case Ask.PropName pn -> Props.names(n).forEach(found::empty);
      case Ask.AllProp ap -> {
        for (QName name : Props.names(n)) {
          Props.write(found, name, n, ctx, user);
        }
      }
      case Ask.Props ps -> {
        for (QName name : ps.names()) {
          if (!Props.write(found, name, n, ctx, user)) {
            missing.add(name);
          }
        }
      }
    }
    ms.propstat(ctx.href(n.path()), found, missing);
  }

  /** The node at {@code p} in {@code tree}; 404 if nothing is there. */
  static Node node(DavContext ctx, Tree tree, DavPath p, String token) {
    return switch (p) {
      case DavPath.Collection c -> {
        var meta = ctx.store().getMeta(tree, c);
        yield new Node(c, Optional.of(meta), tree.findId(c.store()), () -> new byte[0], token);
      }
      case DavPath.Resource r -> {
        Path at = r.store();
        if (!tree.hasValue(at)) {
          throw new DavException(404, "no resource " + r.name());
        }
        yield new Node(
            r, ctx.store().meta(tree, r.collection()), tree.findId(at), () -> tree.get(at), token);
      }
      default -> new Node(p, Optional.empty(), Optional.empty(), () -> new byte[0], token);
    };
  }

  /** The members of a node, for depth 1. */
  static List<Node> members(DavContext ctx, Tree tree, DavPath p, String user, String token) {
    List<Node> out = new ArrayList<>();
    switch (p) {
      case DavPath.Root root -> out.add(node(ctx, tree, new DavPath.Principal(user), token));
      case DavPath.Principal pr -> {
        for (Kind k : Kind.values()) {
          out.add(node(ctx, tree, new DavPath.Home(pr.user(), k), token));
        }
      }
      case DavPath.Home h -> {
        for (String id : ctx.store().collections(tree, h.kind())) {
          out.add(node(ctx, tree, new DavPath.Collection(h.user(), h.kind(), id), token));
        }
      }
      case DavPath.Collection c -> {
        var meta = ctx.store().meta(tree, c);
        if (tree.findEntry(c.store()).orElse(null) instanceof Dir d) {
          for (var e : d.node().entries()) {
            if (e.getKey().startsWith(".") || e.getValue() instanceof Dir) {
              continue;
            }
            Path at = c.store().child(e.getKey());
            out.add(new Node(
                c.resource(e.getKey()),
                meta,
                Optional.of(e.getValue().id()),
                () -> tree.get(at),
                token));
          }
        }
      }
      case DavPath.Resource r -> {}
    }
    return out;
  }
}
