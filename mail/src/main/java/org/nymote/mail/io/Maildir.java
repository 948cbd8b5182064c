package org.nymote.mail.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * A Maildir (cr.yp.to/proto/maildir.html): messages are files in {@code new/} and {@code cur/};
 * the flags of a message in {@code cur/} are the letters after {@code :2,} in its name. Reads
 * only; Maildir++ sub-folders ({@code .Name}) are not descended into.
 */
public final class Maildir {
  /** Maildir info letters and the IMAP flags they stand for. */
  private static final Map<Character, String> FLAGS = Map.of(
      'D', "\\Draft",
      'F', "\\Flagged",
      'P', "$Forwarded",
      'R', "\\Answered",
      'S', "\\Seen",
      'T', "\\Deleted");

  private Maildir() {}

  /** Whether {@code dir} looks like a Maildir (it has {@code cur/} and {@code new/}). */
  public static boolean is(Path dir) {
    return Files.isDirectory(dir.resolve("cur")) && Files.isDirectory(dir.resolve("new"));
  }

  /** The message files, {@code new/} then {@code cur/}, each sorted by name (delivery order). */
  public static List<Path> files(Path dir) throws IOException {
    if (!is(dir)) {
      throw new IOException(dir + " is not a Maildir: it has no cur/ and new/ folders");
    }
    List<Path> files = new ArrayList<>();
    for (String sub : List.of("new", "cur")) {
      try (Stream<Path> listing = Files.list(dir.resolve(sub))) {
        List<Path> some = new ArrayList<>(listing
            .filter(f -> Files.isRegularFile(f) && !f.getFileName().toString().startsWith("."))
            .toList());
        Collections.sort(some);
        files.addAll(some);
      }
    }
    return files;
  }

  /** Reads one message file: its bytes (lines to CRLF), flags, and mtime as internal date. */
  public static MessageFile read(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    return new MessageFile(
        LineEnds.toCrlf(bytes),
        flags(file.getFileName().toString()),
        Files.getLastModifiedTime(file).toInstant());
  }

  /** The IMAP flags of a Maildir file name ({@code ...:2,FRS}); unknown letters are ignored. */
  public static Set<String> flags(String name) {
    Set<String> flags = new TreeSet<>();
    int info = name.lastIndexOf(":2,");
    if (info < 0) {
      return flags;
    }
    for (char c : name.substring(info + 3).toCharArray()) {
      String flag = FLAGS.get(c);
      if (flag != null) {
        flags.add(flag);
      }
    }
    return flags;
  }
}
