package org.nymote.server.rest;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The conditional headers of a request (RFC 9110 section 13): {@code If-Match} and {@code
 * If-None-Match}, each {@code *} or a list of entity tags. An entity tag is a blob id (a value), a
 * tree id (a directory) or, in {@code If-Match}, a commit id (the branch head).
 */
record Preconditions(Optional<Tags> ifMatch, Optional<Tags> ifNoneMatch) {
  private static final Pattern TAG = Pattern.compile("\\s*(W/)?\"([^\"]*)\"\\s*(,|$)");

  /** {@code *}, or the tags listed: strong ones, and every one (for weak comparison). */
  record Tags(boolean any, Set<String> strong, Set<String> all) {}

  /** What the request's conditions are checked against. */
  record Current(Optional<String> entityId, Optional<String> headCommit) {}

  /** What the conditions decide. */
  enum Outcome {
    PROCEED,
    /** If-Match failed, or If-None-Match failed on a write: 412. */
    FAILED,
    /** If-None-Match matched on a read: 304. */
    NOT_MODIFIED
  }

  static Preconditions parse(RestRequest request) {
    return new Preconditions(
        request.header("If-Match").map(h -> tags("If-Match", h)),
        request.header("If-None-Match").map(h -> tags("If-None-Match", h)));
  }

  private static Tags tags(String header, String value) {
    if (value.strip().equals("*")) {
      return new Tags(true, Set.of(), Set.of());
    }
    Set<String> strong = new HashSet<>();
    Set<String> all = new HashSet<>();
    Matcher m = TAG.matcher(value);
    int at = 0;
    while (at < value.length()) {
      if (!m.find(at) || m.start() != at) {
        throw new RestException(
            ProblemType.INVALID_REQUEST,
            header + " must be * or a list of quoted entity tags such as \"<blob or commit id>\"");
      }
      all.add(m.group(2));
      if (m.group(1) == null) {
        strong.add(m.group(2));
      }
      at = m.end();
    }
    return new Tags(false, Set.copyOf(strong), Set.copyOf(all));
  }

  /** Decides the conditions for a read (GET, HEAD) or a write (PUT, DELETE). */
  Outcome evaluate(Current current, boolean read) {
    if (ifMatch.isPresent() && !matches(ifMatch.get(), current)) {
      return Outcome.FAILED;
    }
    if (ifNoneMatch.isPresent() && noneMatchFails(ifNoneMatch.get(), current)) {
      return read ? Outcome.NOT_MODIFIED : Outcome.FAILED;
    }
    return Outcome.PROCEED;
  }

  /** If-Match: strong comparison with the entity, or the branch head's commit. */
  private static boolean matches(Tags tags, Current current) {
    if (tags.any()) {
      return current.entityId().isPresent();
    }
    return current.entityId().filter(tags.strong()::contains).isPresent()
        || current.headCommit().filter(tags.strong()::contains).isPresent();
  }

  /** If-None-Match: weak comparison with the entity only. */
  private static boolean noneMatchFails(Tags tags, Current current) {
    if (tags.any()) {
      return current.entityId().isPresent();
    }
    return current.entityId().filter(tags.all()::contains).isPresent();
  }
}
