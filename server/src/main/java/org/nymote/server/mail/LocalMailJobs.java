package org.nymote.server.mail;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.nymote.mail.io.MailExport;
import org.nymote.mail.io.MailImport;
import org.nymote.mail.io.Progress;
import org.nymote.mail.store.MailStore;
import org.nymote.mail.store.MailStoreException;
import org.nymote.server.http.Reply;
import org.nymote.server.http.RequestBody;
import org.nymote.server.stores.Stores;
import org.nymote.server.sync.LocalServer;
import org.nymote.server.users.UserName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /local/v1/mail/import|export|restore}: the home's own command line ({@code nymote
 * mail import|export|restore}) runs its job here, on the running serve's stores, while the serve
 * holds them open. Only a caller presenting the serve's {@link LocalServer} token gets in (none:
 * 401, another: 403). The body is a JSON object of strings: {@code user} and the job's arguments,
 * paths absolute on this machine:
 *
 * <ul>
 *   <li>import: {@code source} (a Maildir or an mbox file), {@code mailbox};
 *   <li>export: {@code mailbox}, {@code output} (replaced when complete);
 *   <li>restore: {@code mailbox}, {@code asOf} (ISO-8601).
 * </ul>
 *
 * <p>Arguments that are wrong answer 400 (404: no such user or mailbox) with the reason as text; a
 * job that fails before it has reported anything answers 422 with the reason. Otherwise the answer
 * is 200 with text lines, written as the job goes: {@code progress DONE TOTAL UNIT} (at most ten a
 * second, and the last), then one {@code ok COUNT} or {@code error REASON}. One job per user at a
 * time: another answers 409.
 */
public final class LocalMailJobs extends Handler.Abstract {
  public static final String PREFIX = "/local/v1/mail";

  /** The largest request body: a few short strings. */
  static final int MAX_BODY_BYTES = 64 << 10;

  private static final Logger LOG = LoggerFactory.getLogger(LocalMailJobs.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long PROGRESS_EVERY_NANOS = 100_000_000L;

  private final Stores stores;
  private final Set<UserName> busy = ConcurrentHashMap.newKeySet();

  public LocalMailJobs(Stores stores) {
    this.stores = stores;
  }

  /** A refusal before the job starts: an HTTP status and its reason. */
  private static final class Refused extends Exception {
    private static final long serialVersionUID = 1L;
    final int status;

    Refused(int status, String reason) {
      super(reason, null, false, false);
      this.status = status;
    }
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    String path = request.getHttpURI().getDecodedPath();
    String job = path.startsWith(PREFIX + "/") ? path.substring(PREFIX.length() + 1) : "";
    try {
      authorize(request.getHeaders().get(HttpHeader.AUTHORIZATION));
      if (!request.getMethod().equals("POST")) {
        response.getHeaders().put(HttpHeader.ALLOW, "POST");
        throw new Refused(405, "method not allowed: use POST");
      }
      if (!Set.of("import", "export", "restore").contains(job)) {
        throw new Refused(404, "no mail job '" + job + "': import, export or restore");
      }
      JsonNode args = body(request);
      UserName user = user(args);
      if (!busy.add(user)) {
        throw new Refused(
            409,
            "busy: another mail job for " + user + " is running; run this again" + " when it ends");
      }
      // a restore writes nothing until it is done, an import nothing while it parses a big
      // message: the connection is quiet, not dead (the job's own work bounds it; the command
      // line waits at most ten minutes for the answer to begin)
      request.addIdleTimeoutListener(timeout -> false);
      try {
        MailStore store = MailStore.open(stores.of(user), stores.device());
        var reply = new StreamedReply(response);
        try {
          long count = switch (job) {
            case "import" -> importInto(store, args, reply);
            case "export" -> exportFrom(store, user, args, reply);
            default -> restore(store, args);
          };
          reply.finish("ok " + count, callback);
        } catch (MailStoreException | IOException e) {
          if (!reply.started()) {
            throw new Refused(422, oneLine(e.getMessage()));
          }
          reply.finish("error " + oneLine(e.getMessage()), callback);
        }
      } finally {
        busy.remove(user);
      }
    } catch (Refused e) {
      RequestBody.discard(request);
      Reply.text(response, callback, e.status, e.getMessage() + "\n");
    } catch (UncheckedIOException e) {
      // the command line went away mid-job: what was done stays done (one update per message)
      LOG.info("mail job {} ended early: {}", job, e.getMessage());
      callback.failed(e);
    } catch (IOException | RuntimeException e) {
      LOG.warn("mail job {} failed", job, e);
      if (response.isCommitted()) {
        callback.failed(e);
      } else {
        Reply.text(response, callback, 500, "the job failed: " + oneLine(e.getMessage()) + "\n");
      }
    }
    return true;
  }

  private void authorize(String authorization) throws Refused {
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      throw new Refused(
          401,
          "unauthorized: present the running serve's control token (HOME/run/control.token)"
              + " as Authorization: Bearer TOKEN");
    }
    if (!LocalServer.accepts(stores.home().dir(), authorization.substring(7).strip())) {
      throw new Refused(403, "forbidden: that is not the control token of this serve");
    }
  }

  private static JsonNode body(Request request) throws IOException, Refused {
    Optional<byte[]> bytes = RequestBody.readAtMost(request, MAX_BODY_BYTES);
    if (bytes.isEmpty()) {
      throw new Refused(413, "request too large: at most " + MAX_BODY_BYTES + " bytes");
    }
    try {
      JsonNode args = JSON.readTree(bytes.get());
      if (args == null || !args.isObject()) {
        throw new Refused(400, "the body must be a JSON object");
      }
      return args;
    } catch (JsonProcessingException e) {
      throw new Refused(400, "the body is not JSON: " + oneLine(e.getOriginalMessage()));
    }
  }

  private static String text(JsonNode args, String field) throws Refused {
    JsonNode value = args.get(field);
    if (value == null || !value.isTextual() || value.asText().isEmpty()) {
      throw new Refused(400, "missing \"" + field + "\": a non-empty string");
    }
    return value.asText();
  }

  private static Path absolute(JsonNode args, String field) throws Refused {
    String value = text(args, field);
    try {
      Path path = Path.of(value);
      if (!path.isAbsolute()) {
        throw new Refused(400, "\"" + field + "\" must be an absolute path: " + value);
      }
      return path.normalize();
    } catch (java.nio.file.InvalidPathException e) {
      throw new Refused(400, "\"" + field + "\" is not a path: " + oneLine(e.getMessage()));
    }
  }

  private UserName user(JsonNode args) throws Refused, IOException {
    String name = text(args, "user");
    if (!UserName.isValid(name) || !stores.home().users().list().contains(new UserName(name))) {
      throw new Refused(404, "no user " + name + " in this home (`nymote user list` shows them)");
    }
    return new UserName(name);
  }

  private static long importInto(MailStore store, JsonNode args, StreamedReply reply)
      throws IOException, Refused {
    Path source = absolute(args, "source");
    String mailbox = text(args, "mailbox");
    if (!Files.exists(source)) {
      throw new Refused(400, "no Maildir or mbox file at " + source);
    }
    return MailImport.from(source, store, mailbox, reply);
  }

  private static long exportFrom(MailStore store, UserName user, JsonNode args, StreamedReply reply)
      throws IOException, Refused {
    String mailbox = text(args, "mailbox");
    Path output = absolute(args, "output");
    if (!store.exists(mailbox)) {
      throw new Refused(404, "no mailbox " + mailbox + " for " + user);
    }
    Path dir = output.getParent();
    if (dir == null || !Files.isDirectory(dir)) {
      throw new Refused(400, "cannot write " + output + ": no directory " + dir);
    }
    if (!Files.isWritable(dir)) {
      throw new Refused(400, "cannot write in " + dir);
    }
    return MailExport.toMboxFile(store, mailbox, output, reply);
  }

  private static long restore(MailStore store, JsonNode args) throws IOException, Refused {
    String mailbox = text(args, "mailbox");
    String asOf = text(args, "asOf");
    Instant time;
    try {
      time = Instant.parse(asOf);
    } catch (DateTimeParseException e) {
      throw new Refused(400, "\"asOf\" is not an ISO-8601 time such as 2026-11-23T09:00:00Z");
    }
    return store.restore(mailbox, time);
  }

  private static String oneLine(String s) {
    return s == null ? "" : s.replaceAll("[\\r\\n]+", " ").strip();
  }

  /**
   * The 200 answer, begun at the first progress report (so that a job failing before it reports
   * anything can still answer 422), flushed line by line.
   */
  private static final class StreamedReply implements Progress {
    private final Response response;
    private OutputStream out;
    private long lastSent;

    StreamedReply(Response response) {
      this.response = response;
    }

    boolean started() {
      return out != null;
    }

    @Override
    public void update(long done, long total, String unit) {
      long now = System.nanoTime();
      boolean end = total > 0 && done >= total;
      if (started() && !end && now - lastSent < PROGRESS_EVERY_NANOS) {
        return;
      }
      lastSent = now;
      try {
        line("progress " + done + " " + total + " " + unit);
      } catch (IOException e) {
        throw new UncheckedIOException("the command line went away", e);
      }
    }

    private void line(String line) throws IOException {
      if (out == null) {
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        out = Content.Sink.asOutputStream(response);
      }
      out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
      out.flush();
    }

    void finish(String last, Callback callback) throws IOException {
      if (out == null) {
        Reply.text(response, callback, 200, last + "\n");
        return;
      }
      line(last);
      out.close();
      callback.succeeded();
    }
  }
}
