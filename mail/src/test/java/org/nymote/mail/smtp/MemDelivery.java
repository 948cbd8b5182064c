package org.nymote.mail.smtp;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** Local delivery into memory for one domain and a few users; a user can be made to fail. */
final class MemDelivery implements LocalDelivery, Outbox, PasswordCheck {
  record Queued(Optional<MailAddress> from, List<MailAddress> to, byte[] message) {}

  private final String domain;
  private final Set<String> users;
  final Map<String, List<byte[]>> inboxes = new ConcurrentHashMap<>();
  final List<Queued> queued = new CopyOnWriteArrayList<>();
  final Set<String> failing = ConcurrentHashMap.newKeySet();

  MemDelivery(String domain, String... users) {
    this.domain = domain;
    this.users = Set.of(users);
  }

  @Override
  public Route route(MailAddress address) {
    if (!address.domain().equals(domain)) {
      return new Route.Remote();
    }
    return users.contains(address.localPart())
        ? new Route.Local(address.localPart())
        : new Route.NoSuchUser();
  }

  @Override
  public void deliver(String user, byte[] message) throws IOException {
    if (failing.contains(user)) {
      throw new IOException("disk on fire");
    }
    inboxes.computeIfAbsent(user, u -> new CopyOnWriteArrayList<>()).add(message);
  }

  @Override
  public void enqueue(Optional<MailAddress> from, List<MailAddress> to, byte[] message) {
    queued.add(new Queued(from, List.copyOf(to), message));
  }

  /** Every user's password is "pw-" and the name. */
  @Override
  public Optional<String> check(String name, byte[] password) {
    String user = name.endsWith("@" + domain) ? name.substring(0, name.indexOf('@')) : name;
    return users.contains(user) && new String(password).equals("pw-" + user)
        ? Optional.of(user)
        : Optional.empty();
  }

  List<byte[]> inbox(String user) {
    return inboxes.getOrDefault(user, new ArrayList<>());
  }

  int delivered() {
    return inboxes.values().stream().mapToInt(List::size).sum();
  }
}
