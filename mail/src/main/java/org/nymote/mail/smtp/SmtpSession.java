package org.nymote.mail.smtp;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The state of one SMTP, submission or LMTP conversation and the handling of each command (RFC
 * 5321 4.1.1, RFC 6409, RFC 2033, RFC 3207, RFC 4954). It returns replies and the next {@link
 * Step}; the {@link SmtpConnection} owns the socket and does all I/O. Owned by one thread.
 */
final class SmtpSession {
  /** What the connection does after a command. */
  sealed interface Step {
    /** Send the reply; hang up after it when {@code close}. */
    record Reply(SmtpReply reply, boolean close) implements Step {}

    /** Send 354, read the message data, hand it to {@link #data}. */
    record ReadData(SmtpReply reply) implements Step {}

    /** Send 220, then start TLS and call {@link #tlsStarted}. */
    record StartTls(SmtpReply reply) implements Step {}

    /** Send a 334 challenge and hand the client's next line to {@link #authResponse}. */
    record Challenge(SmtpReply reply) implements Step {}
  }

  private final SmtpConfig config;
  private final String peerAddress;
  private final MessageIntake intake;
  private boolean tls;
  private String helo;
  private boolean extended;
  private String user;
  private int authFailures;
  private SaslExchange sasl;
  private Transaction transaction;

  /** The envelope of the message being received. */
  record Transaction(Optional<MailAddress> from, List<Recipient> recipients) {}

  /** An accepted recipient and where it goes. */
  record Recipient(MailAddress address, LocalDelivery.Route route) {}

  SmtpSession(SmtpConfig config, String peerAddress, boolean tls) {
    this.config = config;
    this.peerAddress = peerAddress;
    this.tls = tls;
    this.intake = new MessageIntake(config);
  }

  SmtpReply greeting() {
    String kind = config.mode() == SmtpMode.LMTP ? "LMTP" : "ESMTP";
    return new SmtpReply(220, null, List.of(config.hostname() + " " + kind + " Nymote ready"));
  }

  Step handle(SmtpCommand command) throws SmtpException {
    return switch (command) {
      case SmtpCommand.Hello hello -> hello(hello);
      case SmtpCommand.Mail mail -> reply(mail(mail));
      case SmtpCommand.Rcpt rcpt -> reply(rcpt(rcpt));
      case SmtpCommand.Data data -> startData();
      case SmtpCommand.Rset rset -> {
        transaction = null;
        yield reply(SmtpReply.of(250, "2.0.0", "OK"));
      }
      case SmtpCommand.Noop noop -> reply(SmtpReply.of(250, "2.0.0", "OK"));
      case SmtpCommand.Quit quit ->
        new Step.Reply(SmtpReply.of(221, "2.0.0", config.hostname() + " closing"), true);
      case SmtpCommand.Vrfy vrfy ->
        reply(SmtpReply.of(252, "2.5.0", "Cannot VRFY user, but will accept mail for local users"));
      case SmtpCommand.Help help ->
        reply(SmtpReply.of(214, "2.0.0", "Commands: " + String.join(" ", SmtpCommand.VERBS)));
      case SmtpCommand.StartTls startTls -> startTls();
      case SmtpCommand.Auth auth -> auth(auth);
    };
  }

  /** After TLS started: the session forgets everything it knew (RFC 3207 4.2). */
  void tlsStarted() {
    tls = true;
    helo = null;
    extended = false;
    transaction = null;
  }

  /** The client's response in a SASL exchange. */
  Step authResponse(String line) throws SmtpException {
    try {
      return saslStep(sasl.respond(line));
    } catch (SmtpException e) {
      endSasl();
      throw e;
    }
  }

  /** The replies to complete message data: one for SMTP, one per recipient for LMTP. */
  List<SmtpReply> data(SmtpInput.Data data) {
    Transaction done = transaction;
    transaction = null;
    return intake.take(done, data, helo, peerAddress, protocol());
  }

  boolean authFailuresExhausted() {
    return authFailures >= config.limits().maxAuthFailures();
  }

  private Step hello(SmtpCommand.Hello hello) throws SmtpException {
    boolean lmtp = config.mode() == SmtpMode.LMTP;
    if (lmtp != (hello.verb() == SmtpCommand.Verb.LHLO)) {
      throw new SmtpException(500, "5.5.1", lmtp ? "This is LMTP: use LHLO" : "Use EHLO or HELO");
    }
    helo = hello.domain();
    extended = hello.verb() != SmtpCommand.Verb.HELO;
    transaction = null;
    String first = config.hostname() + " Hello " + hello.domain();
    if (!extended) {
      return reply(new SmtpReply(250, null, List.of(first)));
    }
    List<String> lines = new ArrayList<>(List.of(
        first,
        "PIPELINING",
        "SIZE " + config.limits().maxMessageSize(),
        "8BITMIME",
        "ENHANCEDSTATUSCODES"));
    if (config.tls() != null && !tls) {
      lines.add("STARTTLS");
    }
    if (config.mode() == SmtpMode.SUBMISSION && tls && user == null) {
      lines.add("AUTH PLAIN LOGIN");
    }
    return reply(new SmtpReply(250, null, lines));
  }

  private SmtpReply mail(SmtpCommand.Mail mail) throws SmtpException {
    if (helo == null) {
      throw new SmtpException(503, "5.5.1", "Send EHLO first");
    }
    if (transaction != null) {
      throw new SmtpException(503, "5.5.1", "Nested MAIL command");
    }
    if (config.mode() == SmtpMode.SUBMISSION && user == null) {
      throw new SmtpException(530, "5.7.0", "Authentication required");
    }
    checkMailParameters(mail.parameters());
    if (config.mode() == SmtpMode.SUBMISSION && !ownedByUser(mail.from())) {
      throw new SmtpException(553, "5.7.1", "Sender address not owned by " + user);
    }
    transaction = new Transaction(mail.from(), new ArrayList<>());
    return SmtpReply.of(250, "2.1.0", "Sender OK");
  }

  private void checkMailParameters(Map<String, String> parameters) throws SmtpException {
    for (var parameter : parameters.entrySet()) {
      switch (parameter.getKey()) {
        case "SIZE" -> {
          long size = parseSize(parameter.getValue());
          if (size > config.limits().maxMessageSize()) {
            throw new SmtpException(
                552,
                "5.3.4",
                "Message size exceeds fixed maximum size of " + config.limits().maxMessageSize());
          }
        }
        case "BODY" -> {
          String body = parameter.getValue().toUpperCase(java.util.Locale.ROOT);
          if (!body.equals("7BIT") && !body.equals("8BITMIME")) {
            throw new SmtpException(501, "5.5.4", "BODY is 7BIT or 8BITMIME");
          }
        }
        case "AUTH" -> {
          // RFC 4954 5: the original submitter; we keep no trust between servers, so ignore it.
        }
        default ->
          throw new SmtpException(555, "5.5.4", "Unsupported parameter " + parameter.getKey());
      }
    }
  }

  private static long parseSize(String value) throws SmtpException {
    if (value.isEmpty() || value.length() > 18 || !value.chars().allMatch(Character::isDigit)) {
      throw new SmtpException(501, "5.5.4", "SIZE takes a number of octets");
    }
    return Long.parseLong(value);
  }

  private boolean ownedByUser(Optional<MailAddress> from) throws SmtpException {
    return from.isPresent()
        && route(from.get()) instanceof LocalDelivery.Route.Local local
        && local.user().equals(user);
  }

  private LocalDelivery.Route route(MailAddress address) throws SmtpException {
    try {
      return config.delivery().route(address);
    } catch (java.io.UncheckedIOException e) {
      throw new SmtpException(451, "4.3.0", "Temporary failure looking up <" + address + ">");
    }
  }

  private SmtpReply rcpt(SmtpCommand.Rcpt rcpt) throws SmtpException {
    if (transaction == null) {
      throw new SmtpException(503, "5.5.1", "Send MAIL first");
    }
    if (!rcpt.parameters().isEmpty()) {
      throw new SmtpException(555, "5.5.4", "RCPT parameters are not supported");
    }
    if (transaction.recipients().size() >= config.limits().maxRecipients()) {
      throw new SmtpException(452, "4.5.3", "Too many recipients");
    }
    LocalDelivery.Route route = route(rcpt.to());
    switch (route) {
      case LocalDelivery.Route.Local local -> {}
      case LocalDelivery.Route.NoSuchUser none ->
        throw new SmtpException(550, "5.1.1", "<" + rcpt.to() + ">: no such user here");
      case LocalDelivery.Route.Remote remote -> {
        if (config.mode() != SmtpMode.SUBMISSION) {
          int code = config.mode() == SmtpMode.LMTP ? 550 : 554;
          throw new SmtpException(code, "5.7.1", "<" + rcpt.to() + ">: relay access denied");
        }
      }
    }
    transaction.recipients().add(new Recipient(rcpt.to(), route));
    return SmtpReply.of(250, "2.1.5", "Recipient OK");
  }

  private Step startData() throws SmtpException {
    if (transaction == null) {
      throw new SmtpException(503, "5.5.1", "Send MAIL first");
    }
    if (transaction.recipients().isEmpty()) {
      throw new SmtpException(554, "5.5.1", "No valid recipients");
    }
    return new Step.ReadData(new SmtpReply(354, null, List.of("End data with <CR><LF>.<CR><LF>")));
  }

  private Step startTls() throws SmtpException {
    if (config.tls() == null) {
      throw new SmtpException(454, "4.7.0", "TLS not available");
    }
    if (tls) {
      throw new SmtpException(503, "5.5.1", "TLS already active");
    }
    return new Step.StartTls(SmtpReply.of(220, "2.0.0", "Ready to start TLS"));
  }

  private Step auth(SmtpCommand.Auth auth) throws SmtpException {
    if (config.mode() != SmtpMode.SUBMISSION) {
      throw new SmtpException(502, "5.5.1", "AUTH is only offered on the submission ports");
    }
    if (!tls) {
      throw new SmtpException(538, "5.7.11", "Encryption required: send STARTTLS first");
    }
    if (helo == null || user != null || transaction != null) {
      throw new SmtpException(
          503,
          "5.5.1",
          user != null ? "Already authenticated" : "AUTH after EHLO and outside a transaction");
    }
    sasl = SaslExchange.start(auth.mechanism());
    try {
      return saslStep(sasl.begin(auth.initialResponse()));
    } catch (SmtpException e) {
      endSasl();
      throw e;
    }
  }

  private Step saslStep(SaslExchange.Step step) throws SmtpException {
    return switch (step) {
      case SaslExchange.Step.Challenge challenge ->
        new Step.Challenge(new SmtpReply(334, null, List.of(challenge.base64())));
      case SaslExchange.Step.Credentials credentials -> login(credentials);
    };
  }

  private Step login(SaslExchange.Step.Credentials credentials) throws SmtpException {
    Optional<String> who;
    try {
      who = config.passwords().check(credentials.name(), credentials.password());
    } catch (java.io.IOException e) {
      throw new SmtpException(454, "4.7.0", "Temporary authentication failure");
    } finally {
      endSasl();
    }
    if (who.isEmpty()) {
      authFailures++;
      throw new SmtpException(535, "5.7.8", "Authentication credentials invalid");
    }
    user = who.get();
    return reply(SmtpReply.of(235, "2.7.0", "Authentication successful"));
  }

  private void endSasl() {
    if (sasl != null) {
      sasl.wipe();
      sasl = null;
    }
  }

  /** The WITH keyword of the Received: header (RFC 3848). */
  private String protocol() {
    String base = config.mode() == SmtpMode.LMTP ? "LMTP" : extended ? "ESMTP" : "SMTP";
    if (base.equals("SMTP")) {
      return base;
    }
    return base + (tls ? "S" : "") + (user != null ? "A" : "");
  }

  private static Step reply(SmtpReply reply) {
    return new Step.Reply(reply, false);
  }
}
