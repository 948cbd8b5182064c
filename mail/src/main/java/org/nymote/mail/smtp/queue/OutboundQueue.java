package org.nymote.mail.smtp.queue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.nymote.mail.smtp.LocalDelivery;
import org.nymote.mail.smtp.MailAddress;
import org.nymote.mail.smtp.Outbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outbound queue: takes messages durably into its {@link Spool} and delivers them from one
 * virtual thread, by domain, to the hosts {@link Relays} names, in order. Recipients a host
 * accepts leave the queue; permanent refusals bounce at once; temporary ones are retried on the
 * {@link RetrySchedule} until the message's lifetime ends, then bounce. Bounces go to a local
 * sender's INBOX directly, or back through this queue with the null sender (and never bounce).
 * After a restart, {@link #start} picks up whatever the spool holds. Thread-safe.
 */
public final class OutboundQueue implements Outbox, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(OutboundQueue.class);

  /** What the queue needs. */
  public record Config(
      Spool spool,
      Relays relays,
      String hostname,
      RetrySchedule schedule,
      Duration timeout,
      LocalDelivery local,
      Clock clock) {}

  private final Config config;
  private final Map<String, QueuedMessage> queued = new ConcurrentHashMap<>();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final Thread worker;
  private volatile boolean closed;
  private boolean woken;

  private OutboundQueue(Config config) {
    this.config = config;
    this.worker = Thread.ofVirtual().name("smtp-outbound").unstarted(this::run);
  }

  /** Loads the spool and starts delivering. */
  public static OutboundQueue start(Config config) throws IOException {
    var queue = new OutboundQueue(config);
    for (QueuedMessage q : config.spool().load()) {
      queue.queued.put(q.id(), q);
    }
    if (!queue.queued.isEmpty()) {
      LOG.info("outbound queue: {} messages waiting", queue.queued.size());
    }
    queue.worker.start();
    return queue;
  }

  @Override
  public void enqueue(Optional<MailAddress> from, List<MailAddress> to, byte[] message)
      throws IOException {
    QueuedMessage q = config.spool().add(from, to, message, config.clock().instant());
    queued.put(q.id(), q);
    wake();
  }

  /** The messages waiting, for status and tests. */
  public List<QueuedMessage> waiting() {
    return List.copyOf(queued.values());
  }

  /** Makes every waiting message due now (for `nymote mail queue flush` and tests). */
  public void flush() {
    Instant now = config.clock().instant();
    queued.replaceAll((id, q) -> q.dueAt(now));
    wake();
  }

  private void wake() {
    lock.lock();
    try {
      woken = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private void run() {
    while (!closed) {
      lock.lock();
      try {
        woken = false;
      } finally {
        lock.unlock();
      }
      Instant now = config.clock().instant();
      for (QueuedMessage q : List.copyOf(queued.values())) {
        if (closed) {
          return;
        }
        if (!q.next().isAfter(now)) {
          attempt(q);
        }
      }
      Instant next = config.clock().instant().plus(Duration.ofMinutes(1));
      for (QueuedMessage q : queued.values()) {
        if (q.next().isBefore(next)) {
          next = q.next();
        }
      }
      lock.lock();
      try {
        long wait = Duration.between(config.clock().instant(), next).toMillis();
        if (wait > 0 && !closed && !woken) {
          changed.await(wait, TimeUnit.MILLISECONDS);
        }
      } catch (InterruptedException e) {
        return;
      } finally {
        lock.unlock();
      }
    }
  }

  /** One delivery attempt of every recipient left; never throws. */
  private void attempt(QueuedMessage q) {
    try {
      byte[] message = config.spool().message(q.id());
      Map<String, List<MailAddress>> byDomain = new LinkedHashMap<>();
      for (MailAddress to : q.to()) {
        byDomain.computeIfAbsent(to.domain(), d -> new ArrayList<>()).add(to);
      }
      List<MailAddress> retry = new ArrayList<>();
      Map<String, String> errors = new LinkedHashMap<>(q.lastErrors());
      Map<String, String> failed = new LinkedHashMap<>();
      for (var domain : byDomain.entrySet()) {
        for (SmtpClient.Outcome o :
            deliver(domain.getKey(), q.from(), domain.getValue(), message)) {
          String to = o.to().toString();
          switch (o.kind()) {
            case DELIVERED -> {
              errors.remove(to);
              LOG.info("message {} delivered to {}", q.id(), to);
            }
            case PERMANENT -> {
              errors.remove(to);
              failed.put(to, o.reply());
            }
            case TEMPORARY -> {
              errors.put(to, o.reply());
              retry.add(o.to());
            }
          }
        }
      }
      Instant now = config.clock().instant();
      Instant at = now.plus(config.schedule().after(q.attempts() + 1));
      if (!retry.isEmpty() && at.isAfter(q.created().plus(config.schedule().lifetime()))) {
        for (MailAddress to : retry) {
          failed.put(to.toString(), errors.remove(to.toString()));
        }
        retry.clear();
      }
      if (!failed.isEmpty()) {
        bounce(q, failed, message);
      }
      if (retry.isEmpty()) {
        config.spool().remove(q.id());
        queued.remove(q.id());
      } else {
        QueuedMessage later = q.retry(retry, at, errors);
        config.spool().update(later);
        queued.put(q.id(), later);
        LOG.info("message {}: {} recipients deferred until {}", q.id(), retry.size(), at);
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("outbound message {}: {}", q.id(), e.toString());
      queued.put(
          q.id(),
          q.retry(q.to(), config.clock().instant().plus(Duration.ofMinutes(1)), q.lastErrors()));
    }
  }

  /** Tries the domain's hosts in order until one answers for the recipients. */
  private List<SmtpClient.Outcome> deliver(
      String domain, Optional<MailAddress> from, List<MailAddress> to, byte[] message) {
    String why;
    switch (config.relays().find(domain)) {
      case Relays.Found.NoRoute none -> {
        return outcomes(to, SmtpClient.Kind.PERMANENT, "550 5.1.2 " + none.reason());
      }
      case Relays.Found.TryLater later -> why = "451 4.4.3 " + later.reason();
      case Relays.Found.Hosts hosts -> {
        why = "451 4.4.1 no mail host of " + domain + " answered";
        for (InetSocketAddress host : hosts.hosts()) {
          try {
            return new SmtpClient(config.hostname(), config.timeout())
                .send(host, from, to, message);
          } catch (IOException e) {
            LOG.info("mail host {} of {}: {}", host, domain, e.getMessage());
            why = "451 4.4.1 " + host + ": " + e.getMessage();
          }
        }
      }
    }
    return outcomes(to, SmtpClient.Kind.TEMPORARY, why);
  }

  private static List<SmtpClient.Outcome> outcomes(
      List<MailAddress> to, SmtpClient.Kind kind, String reply) {
    return to.stream().map(t -> new SmtpClient.Outcome(t, kind, reply)).toList();
  }

  private void bounce(QueuedMessage q, Map<String, String> failed, byte[] message)
      throws IOException {
    LOG.info("message {} failed for {}", q.id(), failed.keySet());
    if (q.from().isEmpty()) {
      return; // a bounce that cannot be delivered is dropped (RFC 5321 6.1)
    }
    MailAddress sender = q.from().get();
    byte[] dsn = Bounce.of(
        config.hostname(),
        sender.toString(),
        failed,
        q.created().atZone(ZoneOffset.UTC),
        config.clock().instant().atZone(ZoneOffset.UTC),
        message);
    if (config.local().route(sender) instanceof LocalDelivery.Route.Local local) {
      config.local().deliver(local.user(), dsn);
    } else {
      enqueue(Optional.empty(), List.of(sender), dsn);
    }
  }

  @Override
  public void close() {
    closed = true;
    wake();
    try {
      worker.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
