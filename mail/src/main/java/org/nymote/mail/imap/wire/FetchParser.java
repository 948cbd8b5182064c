package org.nymote.mail.imap.wire;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import org.nymote.mail.imap.command.FetchItem;
import org.nymote.mail.imap.command.ImapCommand;
import org.nymote.mail.imap.command.SequenceSet;

/** FETCH arguments (RFC 3501 6.4.5, CHANGEDSINCE and VANISHED from RFC 7162, BINARY RFC 3516). */
final class FetchParser {
  private final Limits limits;

  FetchParser(Limits limits) {
    this.limits = limits;
  }

  ImapCommand.Fetch fetch(String tag, boolean uid, Cursor c) throws ImapException {
    c.sp();
    SequenceSet set = Parser.sequenceSet(c);
    c.sp();
    List<FetchItem> items = new ArrayList<>();
    if (c.take('(')) {
      while (!c.take(')')) {
        if (!items.isEmpty()) {
          c.sp();
        }
        items.addAll(item(c));
        if (items.size() > 100) {
          throw ImapException.bad("too many FETCH items");
        }
      }
    } else {
      items.addAll(item(c));
    }
    OptionalLong changedSince = OptionalLong.empty();
    boolean vanished = false;
    if (c.take(' ')) {
      c.expect('(');
      while (!c.take(')')) {
        c.take(' ');
        String m = c.atom().toUpperCase(Locale.ROOT);
        switch (m) {
          case "CHANGEDSINCE" -> {
            c.sp();
            changedSince = OptionalLong.of(c.number());
          }
          case "VANISHED" -> vanished = true;
          default -> throw ImapException.bad("unknown FETCH modifier " + m);
        }
      }
    }
    if (vanished && (!uid || changedSince.isEmpty())) {
      throw ImapException.bad("VANISHED needs UID FETCH with CHANGEDSINCE");
    }
    if (changedSince.isPresent() && items.stream().noneMatch(i -> i instanceof FetchItem.Modseq)) {
      items.add(new FetchItem.Modseq());
    }
    return new ImapCommand.Fetch(tag, uid, set, items, changedSince, vanished);
  }

  private List<FetchItem> item(Cursor c) throws ImapException {
    String name = c.fetchName().toUpperCase(Locale.ROOT);
    return switch (name) {
      case "ALL" ->
        List.of(
            new FetchItem.Flags(),
            new FetchItem.InternalDate(),
            new FetchItem.Size(),
            new FetchItem.Envelope());
      case "FAST" ->
        List.of(new FetchItem.Flags(), new FetchItem.InternalDate(), new FetchItem.Size());
      case "FULL" ->
        List.of(
            new FetchItem.Flags(),
            new FetchItem.InternalDate(),
            new FetchItem.Size(),
            new FetchItem.Envelope(),
            new FetchItem.Structure(false));
      case "FLAGS" -> List.of(new FetchItem.Flags());
      case "UID" -> List.of(new FetchItem.Uid());
      case "INTERNALDATE" -> List.of(new FetchItem.InternalDate());
      case "RFC822.SIZE" -> List.of(new FetchItem.Size());
      case "ENVELOPE" -> List.of(new FetchItem.Envelope());
      case "BODYSTRUCTURE" -> List.of(new FetchItem.Structure(true));
      case "MODSEQ" -> List.of(new FetchItem.Modseq());
      case "RFC822" -> List.of(section(false, "", Optional.of("RFC822")));
      case "RFC822.HEADER" -> List.of(section(true, "HEADER", Optional.of("RFC822.HEADER")));
      case "RFC822.TEXT" -> List.of(section(false, "TEXT", Optional.of("RFC822.TEXT")));
      case "BODY" -> List.of(new FetchItem.Structure(false));
      case "BODY[", "BODY.PEEK[" -> List.of(section(c, name.contains("PEEK")));
      case "BINARY[", "BINARY.PEEK[" -> {
        List<Integer> part = binaryPart(c);
        yield List.of(new FetchItem.Binary(name.contains("PEEK"), part, partial(c)));
      }
      case "BINARY.SIZE[" -> List.of(new FetchItem.BinarySize(binaryPart(c)));
      default -> throw ImapException.bad("unknown FETCH item " + name);
    };
  }

  private static FetchItem.Section section(boolean peek, String text, Optional<String> label) {
    return new FetchItem.Section(peek, List.of(), text, List.of(), Optional.empty(), label);
  }

  private FetchItem section(Cursor c, boolean peek) throws ImapException {
    List<Integer> part = new ArrayList<>();
    String text = "";
    List<String> fields = new ArrayList<>();
    if (!c.take(']')) {
      String spec = c.until(" ]").toUpperCase(Locale.ROOT);
      String[] pieces = spec.split("\\.");
      int i = 0;
      while (i < pieces.length
          && !pieces[i].isEmpty()
          && pieces[i].chars().allMatch(Character::isDigit)) {
        if (pieces[i].length() > 6 || part.size() >= limits.maxNesting()) {
          throw ImapException.bad("bad section part number");
        }
        int n = Integer.parseInt(pieces[i]);
        if (n == 0) {
          throw ImapException.bad("section part numbers start at 1");
        }
        part.add(n);
        i++;
      }
      text = String.join(".", java.util.Arrays.copyOfRange(pieces, i, pieces.length));
      if (!List.of("", "HEADER", "TEXT", "MIME", "HEADER.FIELDS", "HEADER.FIELDS.NOT")
              .contains(text)
          || (text.equals("MIME") && part.isEmpty())) {
        throw ImapException.bad("bad section " + spec);
      }
      if (text.startsWith("HEADER.FIELDS")) {
        c.sp();
        c.expect('(');
        while (!c.take(')')) {
          if (!fields.isEmpty()) {
            c.sp();
          }
          fields.add(new String(c.astring(""), StandardCharsets.US_ASCII).toUpperCase(Locale.ROOT));
          if (fields.size() > 200) {
            throw ImapException.bad("too many header fields");
          }
        }
        if (fields.isEmpty()) {
          throw ImapException.bad("HEADER.FIELDS needs a field name");
        }
      }
      c.expect(']');
    }
    return new FetchItem.Section(peek, part, text, fields, partial(c), Optional.empty());
  }

  private static Optional<FetchItem.Partial> partial(Cursor c) throws ImapException {
    if (!c.take('<')) {
      return Optional.empty();
    }
    long start = c.number();
    c.expect('.');
    long len = c.number();
    c.expect('>');
    if (len == 0) {
      throw ImapException.bad("partial length must be positive");
    }
    return Optional.of(new FetchItem.Partial(start, len));
  }

  /** The part number of BINARY[...] (RFC 3516 section-binary: numbers only), up to the ']'. */
  private List<Integer> binaryPart(Cursor c) throws ImapException {
    List<Integer> part = new ArrayList<>();
    if (c.take(']')) {
      return part;
    }
    String spec = c.until("]");
    c.expect(']');
    for (String piece : spec.split("\\.", -1)) {
      if (piece.isEmpty()
          || piece.length() > 6
          || !piece.chars().allMatch(ch -> ch >= '0' && ch <= '9')
          || part.size() >= limits.maxNesting()) {
        throw ImapException.bad("BINARY takes part numbers only, not " + spec);
      }
      int n = Integer.parseInt(piece);
      if (n == 0) {
        throw ImapException.bad("section part numbers start at 1");
      }
      part.add(n);
    }
    return part;
  }
}
