package org.nymote.mail.imap.session;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.nymote.mail.imap.ImapConfig;
import org.nymote.mail.imap.LoginThrottle;
import org.nymote.mail.imap.command.ImapCommand;
import org.nymote.mail.imap.command.ImapCommand.*;
import org.nymote.mail.imap.wire.CommandReader;
import org.nymote.mail.imap.wire.ImapException;
import org.nymote.mail.imap.wire.Parser;
import org.nymote.mail.imap.wire.ResponseWriter;
import org.nymote.mail.store.MailStore;
import org.nymote.mail.store.MailStoreException;
import org.nymote.store.Watch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One IMAP connection, run on its own (virtual) thread: reads commands, parses them, dispatches
 * them by one switch to the handlers, and turns failures into tagged NO/BAD in one place. The
 * states a command is valid in are in {@link #allowedIn}.
 */
public final class Session {
  private static final Logger LOG = LoggerFactory.getLogger(Session.class);
  private static final int MAX_FAILED_LOGINS = 3;
  private static final int IDLE_TIMEOUT_MINUTES = 30;

  enum State {
    NOT_AUTHENTICATED,
    AUTHENTICATED,
    SELECTED,
    LOGOUT
  }

  final ImapConfig config;
  private final LoginThrottle throttle;
  private Socket socket;
  private boolean tls;
  private boolean compressed;
  private CommandReader reader;
  final ResponseWriter out;
  private final Parser parser;
  State state = State.NOT_AUTHENTICATED;
  String user;
  MailStore store;
  Selected selected;
  boolean condstore;
  boolean qresync;
  /** ENABLE IMAP4rev2 was given: RFC 9051 responses (see {@link #enable}). */
  boolean rev2;
  /** The UIDs of the last SEARCH RETURN (SAVE), {@code $} (RFC 5182); empty after SELECT. */
  List<Long> saved = List.of();

  private int failedLogins;
  private long commands;
  final MailboxCommands mailboxes = new MailboxCommands(this);
  final MessageCommands messages = new MessageCommands(this);

  public Session(ImapConfig config, LoginThrottle throttle, Socket socket, boolean tls)
      throws IOException {
    this.config = config;
    this.throttle = throttle;
    this.socket = socket;
    this.tls = tls;
    this.reader =
        new CommandReader(new BufferedInputStream(socket.getInputStream()), config.limits());
    this.out = new ResponseWriter(new BufferedOutputStream(socket.getOutputStream(), 16 * 1024));
    this.parser = new Parser(config.limits());
  }

  /** Runs the session until LOGOUT, the client leaves, or a BYE. */
  public void run() {
    try {
      socket.setSoTimeout(IDLE_TIMEOUT_MINUTES * 60 * 1000);
      out.untagged("OK [CAPABILITY " + capabilities() + "] Nymote IMAP ready");
      out.flush();
      while (state != State.LOGOUT) {
        CommandReader.Read read = reader.read(() -> out.continuation("Ready for literal data"));
        if (read == null) {
          return;
        }
        switch (read) {
          case CommandReader.Refused r -> reply(r.tag(), r.reason());
          case CommandReader.Command c -> execute(c.bytes());
        }
        out.flush();
      }
    } catch (java.net.SocketTimeoutException e) {
      bye("autologout: idle for too long");
    } catch (ByeException e) {
      bye(e.getMessage());
    } catch (IOException | java.io.UncheckedIOException e) {
      LOG.debug("IMAP connection ended: {}", e.toString());
    } finally {
      try {
        socket.close();
      } catch (IOException e) {
        LOG.debug("close: {}", e.toString());
      }
    }
  }

  /** Sends BYE with {@code text} (null: it was sent already) before the connection closes. */
  private void bye(String text) {
    try {
      if (text != null) {
        out.untagged("BYE " + text);
      }
      out.flush();
    } catch (IOException | RuntimeException e) {
      LOG.debug("BYE not sent: {}", e.toString());
    }
  }

  /** Ends the connection with a BYE. */
  static final class ByeException extends IOException {
    private static final long serialVersionUID = 1L;

    ByeException(String text) {
      super(text);
    }
  }

  private void execute(byte[] bytes) throws IOException {
    if (++commands > config.limits().maxCommands()) {
      throw new ByeException("too many commands on one connection");
    }
    ImapCommand cmd;
    try {
      cmd = parser.parse(bytes);
    } catch (ImapException e) {
      reply(Parser.tagOf(bytes), e);
      return;
    }
    try {
      if (!allowedIn(cmd).contains(state)) {
        throw ImapException.bad(name(cmd) + " is not allowed "
            + switch (state) {
              case NOT_AUTHENTICATED -> "before logging in";
              case AUTHENTICATED -> "without a selected mailbox";
              default -> "now";
            });
      }
      String done = handle(cmd);
      if (selected != null && !(cmd instanceof Logout)) {
        messages.announce(cmd.byUid() || allowsExpunge(cmd));
      }
      out.tagged(cmd.tag(), "OK", null, done);
    } catch (Silent e) {
      // the command sent its own tagged response
    } catch (ImapException e) {
      reply(cmd.tag(), e);
    } catch (MailStoreException e) {
      reply(cmd.tag(), toImap(e, cmd));
    } catch (org.nymote.store.StoreException e) {
      LOG.warn("IMAP {} failed in the store: {}", name(cmd), e.toString());
      reply(cmd.tag(), ImapException.no("SERVERBUG", "the store failed: " + e.getMessage()));
    } catch (java.io.UncheckedIOException e) {
      throw e;
    } catch (RuntimeException | LinkageError e) {
      LOG.warn("IMAP {} failed", name(cmd), e);
      reply(cmd.tag(), ImapException.no("SERVERBUG", "internal error: " + e));
    }
  }

  private static boolean allowsExpunge(ImapCommand cmd) {
    return cmd instanceof Noop
        || cmd instanceof Check
        || cmd instanceof Expunge
        || cmd instanceof Copy c && c.move()
        || cmd instanceof Idle;
  }

  private void reply(String tag, ImapException e) throws IOException {
    if (e.status() == ImapException.Status.BYE) {
      throw new ByeException(e.getMessage());
    }
    out.tagged(tag, e.status().name(), e.code(), e.getMessage());
  }

  static ImapException toImap(MailStoreException e, ImapCommand cmd) {
    String code = switch (e.reason()) {
      case NONEXISTENT ->
        cmd instanceof Append || cmd instanceof Copy ? "TRYCREATE" : "NONEXISTENT";
      case ALREADYEXISTS -> "ALREADYEXISTS";
      case CANNOT -> "CANNOT";
      case INVALID -> "CANNOT";
      case TOOBIG -> "TOOBIG";
      case MODIFIED -> "MODIFIED";
    };
    return ImapException.no(code, e.getMessage());
  }

  static String name(ImapCommand cmd) {
    return cmd.getClass().getSimpleName().toUpperCase(java.util.Locale.ROOT);
  }

  static Set<State> allowedIn(ImapCommand cmd) {
    return switch (cmd) {
      case Capability c -> EnumSet.allOf(State.class);
      case Noop c -> EnumSet.allOf(State.class);
      case Logout c -> EnumSet.allOf(State.class);
      case Id c -> EnumSet.allOf(State.class);
      case StartTls c -> EnumSet.of(State.NOT_AUTHENTICATED);
      case Authenticate c -> EnumSet.of(State.NOT_AUTHENTICATED);
      case Login c -> EnumSet.of(State.NOT_AUTHENTICATED);
      case Enable c -> EnumSet.of(State.AUTHENTICATED);
      case Namespace c -> authenticated();
      case Select c -> authenticated();
      case Create c -> authenticated();
      case Delete c -> authenticated();
      case Rename c -> authenticated();
      case Subscribe c -> authenticated();
      case ListMailboxes c -> authenticated();
      case Status c -> authenticated();
      case Append c -> authenticated();
      case Idle c -> authenticated();
      case Compress c -> authenticated();
      case Check c -> EnumSet.of(State.SELECTED);
      case Close c -> EnumSet.of(State.SELECTED);
      case Unselect c -> EnumSet.of(State.SELECTED);
      case Expunge c -> EnumSet.of(State.SELECTED);
      case Search c -> EnumSet.of(State.SELECTED);
      case Fetch c -> EnumSet.of(State.SELECTED);
      case Store c -> EnumSet.of(State.SELECTED);
      case Copy c -> EnumSet.of(State.SELECTED);
      case Sort c -> EnumSet.of(State.SELECTED);
      case ThreadMessages c -> EnumSet.of(State.SELECTED);
    };
  }

  private static Set<State> authenticated() {
    return EnumSet.of(State.AUTHENTICATED, State.SELECTED);
  }

  /** Runs one command; returns the text of its tagged OK (which may start with a code). */
  private String handle(ImapCommand cmd) throws IOException, ImapException {
    return switch (cmd) {
      case Capability c -> {
        out.untagged("CAPABILITY " + capabilities());
        yield "CAPABILITY completed";
      }
      case Noop c -> "NOOP completed";
      case Logout c -> {
        out.untagged("BYE Nymote IMAP logging out");
        state = State.LOGOUT;
        yield "LOGOUT completed";
      }
      case Id c -> {
        out.untagged("ID (\"name\" \"Nymote\" \"vendor\" \"Nymote\")");
        yield "ID completed";
      }
      case StartTls c -> startTls(c);
      case Login c -> login(c.tag(), c.user(), c.password());
      case Authenticate c -> authenticate(c);
      case Enable c -> enable(c);
      case Compress c -> compress(c);
      case Idle c -> idle(c);
      case Namespace c -> {
        out.untagged("NAMESPACE ((\"\" \"/\")) NIL NIL");
        yield "NAMESPACE completed";
      }
      case Select c -> mailboxes.select(c);
      case Create c -> mailboxes.create(c);
      case Delete c -> mailboxes.delete(c);
      case Rename c -> mailboxes.rename(c);
      case Subscribe c -> mailboxes.subscribe(c);
      case ListMailboxes c -> mailboxes.list(c);
      case Status c -> mailboxes.status(c);
      case Append c -> messages.append(c);
      case Check c -> "CHECK completed";
      case Close c -> messages.close(c);
      case Unselect c -> {
        selected = null;
        saved = List.of();
        state = State.AUTHENTICATED;
        yield "UNSELECT completed";
      }
      case Expunge c -> messages.expunge(c);
      case Search c -> messages.search(c);
      case Fetch c -> messages.fetch(c);
      case Store c -> messages.store(c);
      case Copy c -> messages.copy(c);
      case Sort c -> messages.sort(c);
      case ThreadMessages c -> messages.thread(c);
    };
  }

  /** The full-text index of the user's mail, or null to scan. */
  org.nymote.mail.search.TextSearch textIndex() {
    return config.textIndex() == null || user == null
        ? null
        : config.textIndex().apply(user);
  }

  String capabilities() {
    StringBuilder b =
        new StringBuilder("IMAP4rev1 IMAP4rev2 LITERAL+ SASL-IR ID ENABLE IDLE NAMESPACE");
    if (state == State.NOT_AUTHENTICATED) {
      b.append(tls ? " AUTH=PLAIN" : " STARTTLS LOGINDISABLED");
    } else {
      b.append(" UIDPLUS MOVE UNSELECT SPECIAL-USE CREATE-SPECIAL-USE LIST-EXTENDED LIST-STATUS");
      b.append(" CHILDREN CONDSTORE QRESYNC ESEARCH SORT THREAD=ORDEREDSUBJECT");
      b.append(" THREAD=REFERENCES WITHIN BINARY SEARCHRES APPENDLIMIT=")
          .append(config.limits().maxLiteral());
      if (!compressed) {
        b.append(" COMPRESS=DEFLATE");
      }
    }
    return b.toString();
  }

  // ---- connection-level commands ----

  private String startTls(StartTls c) throws IOException, ImapException {
    if (tls) {
      throw ImapException.bad("TLS is already active");
    }
    out.tagged(c.tag(), "OK", null, "Begin TLS negotiation now");
    out.flush();
    SSLContext ctx = config.ssl();
    SSLSocket s = (SSLSocket) ctx.getSocketFactory()
        .createSocket(socket, socket.getInetAddress().getHostAddress(), socket.getPort(), true);
    s.setUseClientMode(false);
    s.startHandshake();
    socket = s;
    tls = true;
    reader = new CommandReader(new BufferedInputStream(s.getInputStream()), config.limits());
    out.replace(new BufferedOutputStream(s.getOutputStream(), 16 * 1024));
    throw new Silent();
  }

  /** The tagged response was already sent. */
  static final class Silent extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Silent() {
      super(null, null, false, false);
    }
  }

  private String compress(Compress c) throws IOException, ImapException {
    if (!c.mechanism().equals("DEFLATE")) {
      throw ImapException.bad("unknown compression " + c.mechanism());
    }
    if (compressed) {
      throw ImapException.no("COMPRESSIONACTIVE", "compression is already active");
    }
    out.tagged(c.tag(), "OK", null, "DEFLATE active");
    out.flush();
    compressed = true;
    InputStream in = new InflaterInputStream(socket.getInputStream(), new Inflater(true), 8192);
    reader = new CommandReader(new BufferedInputStream(in), config.limits());
    OutputStream o = new DeflaterOutputStream(
        socket.getOutputStream(), new Deflater(Deflater.DEFAULT_COMPRESSION, true), 8192, true);
    out.replace(new BufferedOutputStream(o, 16 * 1024));
    throw new Silent();
  }

  private String login(String tag, String name, byte[] password) throws IOException, ImapException {
    try {
      if (!tls) {
        throw ImapException.no("PRIVACYREQUIRED", "log in after STARTTLS, or on the TLS port");
      }
      sleep(throttle.delayFor(name).plus(LoginThrottle.backoff(failedLogins)));
      Optional<String> who = config.passwords().check(name, password);
      if (who.isEmpty()) {
        throttle.failed(name);
        if (++failedLogins >= MAX_FAILED_LOGINS) {
          out.untagged("BYE too many failed logins");
          out.tagged(tag, "NO", "AUTHENTICATIONFAILED", "invalid user name or password");
          throw new ByeException(null);
        }
        throw ImapException.no("AUTHENTICATIONFAILED", "invalid user name or password");
      }
      throttle.succeeded(name);
      user = who.get();
      store = config.stores().apply(user);
      state = State.AUTHENTICATED;
      return "[CAPABILITY " + capabilities() + "] logged in";
    } finally {
      Arrays.fill(password, (byte) 0);
    }
  }

  private static void sleep(java.time.Duration d) throws IOException {
    try {
      Thread.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  private String authenticate(Authenticate c) throws IOException, ImapException {
    if (!c.mechanism().equals("PLAIN")) {
      throw ImapException.no("CANNOT", "only AUTHENTICATE PLAIN is supported");
    }
    if (!tls) {
      throw ImapException.no("PRIVACYREQUIRED", "authenticate after STARTTLS, or on the TLS port");
    }
    String response;
    if (c.initialResponse().isPresent()) {
      response = c.initialResponse().get();
    } else {
      out.continuation("");
      response = reader.readLineText();
      if (response == null) {
        throw new ByeException("the client left during AUTHENTICATE");
      }
    }
    if (response.equals("*")) {
      throw ImapException.bad("AUTHENTICATE cancelled");
    }
    byte[] decoded;
    try {
      decoded = response.equals("=") ? new byte[0] : Base64.getDecoder().decode(response.strip());
    } catch (IllegalArgumentException e) {
      throw ImapException.bad("invalid base64 in AUTHENTICATE PLAIN");
    }
    int a = indexOf(decoded, 0);
    int b = a < 0 ? -1 : indexOf(decoded, a + 1);
    if (a < 0 || b < 0) {
      Arrays.fill(decoded, (byte) 0);
      throw ImapException.bad("AUTHENTICATE PLAIN wants authzid NUL authcid NUL password");
    }
    String authz = new String(decoded, 0, a, StandardCharsets.UTF_8);
    String authc = new String(decoded, a + 1, b - a - 1, StandardCharsets.UTF_8);
    byte[] password = Arrays.copyOfRange(decoded, b + 1, decoded.length);
    Arrays.fill(decoded, (byte) 0);
    if (!authz.isEmpty() && !authz.equals(authc)) {
      Arrays.fill(password, (byte) 0);
      throw ImapException.no("AUTHORIZATIONFAILED", "cannot act as another user");
    }
    return login(c.tag(), authc, password);
  }

  private static int indexOf(byte[] b, int from) {
    for (int i = from; i < b.length; i++) {
      if (b[i] == 0) {
        return i;
      }
    }
    return -1;
  }

  /**
   * ENABLE (RFC 5161). {@code IMAP4rev2} switches the session to RFC 9051: no RECENT, SEARCH
   * answered by ESEARCH, mailbox names in UTF-8 both ways, a LIST line in SELECT.
   */
  private String enable(Enable c) throws IOException {
    StringBuilder enabled = new StringBuilder();
    for (String cap : c.capabilities()) {
      switch (cap) {
        case "CONDSTORE" -> {
          condstore = true;
          enabled.append(" CONDSTORE");
        }
        case "QRESYNC" -> {
          condstore = true;
          qresync = true;
          enabled.append(" QRESYNC");
        }
        case "IMAP4REV2" -> {
          rev2 = true;
          parser.utf8Names(true);
          enabled.append(" IMAP4rev2");
        }
        default -> {
          // unknown capabilities are ignored (RFC 5161 3.1)
        }
      }
    }
    out.untagged("ENABLED" + enabled);
    return "ENABLE completed";
  }

  /** IDLE (RFC 2177): pushes changes from other sessions and from sync until DONE. */
  private String idle(Idle c) throws IOException, ImapException {
    out.continuation("idling");
    Semaphore changed = new Semaphore(0);
    AtomicBoolean done = new AtomicBoolean();
    Thread pusher = null;
    Watch w = store.watch(changed::release);
    try {
      if (selected != null) {
        pusher = Thread.ofVirtual().name("imap-idle").start(() -> {
          try {
            while (!done.get()) {
              if (changed.tryAcquire(1, TimeUnit.SECONDS) && !done.get()) {
                changed.drainPermits();
                messages.announce(true);
                out.flush();
              }
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          } catch (IOException | RuntimeException e) {
            LOG.debug("IDLE push stopped: {}", e.toString());
          }
        });
      }
      String line = reader.readLineText();
      if (line == null) {
        throw new ByeException("the client left during IDLE");
      }
      stop(pusher, done, changed);
      if (!line.strip().equalsIgnoreCase("DONE")) {
        throw ImapException.bad("expected DONE to end IDLE");
      }
    } finally {
      stop(pusher, done, changed);
      w.close();
    }
    return "IDLE terminated";
  }

  /** Stops the IDLE pusher without interrupting it (that would close a virtual thread's socket). */
  private static void stop(Thread t, AtomicBoolean done, Semaphore changed) {
    done.set(true);
    changed.release();
    if (t != null) {
      try {
        t.join(5000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
