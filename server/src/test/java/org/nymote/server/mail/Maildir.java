package org.nymote.server.mail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/** A local Maildir as the real clients keep it: messages by Message-ID with their flags. */
final class Maildir {
  private Maildir() {}

  /** Writes {@code count} messages into {@code dir}/cur, every third one seen. */
  static void fill(Path dir, String prefix, int count) throws IOException {
    for (String sub : List.of("cur", "new", "tmp")) {
      Files.createDirectories(dir.resolve(sub));
    }
    for (int i = 0; i < count; i++) {
      String msg = "From: Sender " + i + " <s" + i + "@example.org>\r\n"
          + "To: alice@example.org\r\n"
          + "Subject: " + prefix + " message " + i + "\r\n"
          + "Date: Mon, 23 Nov 2026 10:00:00 +0000\r\n"
          + "Message-ID: <" + prefix + "-" + i + "@example.org>\r\n\r\n"
          + "Body of " + prefix + " message " + i + ".\r\n";
      String flags = i % 3 == 0 ? "S" : "";
      Files.writeString(
          dir.resolve("cur").resolve(prefix + "." + i + ".local:2," + flags),
          msg,
          StandardCharsets.UTF_8);
    }
  }

  static String messageId(Path f) throws IOException {
    return Files.readAllLines(f, StandardCharsets.UTF_8).stream()
        .filter(l -> l.regionMatches(true, 0, "Message-ID:", 0, 11))
        .findFirst()
        .map(l -> l.substring(11).strip())
        .orElseThrow();
  }

  /** Message-ID to IMAP flags, from the file names' info suffixes. */
  static Map<String, List<String>> state(Path dir) throws IOException {
    Map<String, List<String>> out = new TreeMap<>();
    for (Path f : files(dir)) {
      out.put(messageId(f), flags(f.getFileName().toString()));
    }
    return out;
  }

  static List<Path> files(Path dir) throws IOException {
    List<Path> out = new ArrayList<>();
    for (String sub : List.of("cur", "new")) {
      if (Files.isDirectory(dir.resolve(sub))) {
        try (Stream<Path> s = Files.list(dir.resolve(sub))) {
          s.sorted().forEach(out::add);
        }
      }
    }
    return out;
  }

  static List<String> flags(String fileName) {
    int i = fileName.indexOf(":2,");
    TreeSet<String> flags = new TreeSet<>();
    if (i >= 0) {
      for (char c : fileName.substring(i + 3).toCharArray()) {
        switch (c) {
          case 'S' -> flags.add("\\Seen");
          case 'F' -> flags.add("\\Flagged");
          case 'R' -> flags.add("\\Answered");
          case 'D' -> flags.add("\\Draft");
          case 'T' -> flags.add("\\Deleted");
          default -> {}
        }
      }
    }
    return new ArrayList<>(flags);
  }

  /** Adds a Maildir flag letter to a message file (renaming it), as a mail reader does. */
  static void addFlag(Path file, char flag) throws IOException {
    String name = file.getFileName().toString();
    if (!name.contains(":2,")) {
      name = name + ":2,";
    }
    int i = name.indexOf(":2,");
    TreeSet<Character> letters = new TreeSet<>();
    for (char c : name.substring(i + 3).toCharArray()) {
      letters.add(c);
    }
    letters.add(flag);
    StringBuilder b = new StringBuilder(name.substring(0, i + 3));
    letters.forEach(b::append);
    Path target = file.getParent().getFileName().toString().equals("new")
        ? file.getParent().resolveSibling("cur").resolve(b.toString())
        : file.resolveSibling(b.toString());
    Files.move(file, target);
  }
}
