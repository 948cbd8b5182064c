package org.nymote.mail.smtp;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads one command line (without its CRLF) into a {@link SmtpCommand}, or throws the reply that
 * says why not (RFC 5321 4.1.1 syntax, 4.2.4 codes). Pure: no I/O, no state.
 */
public final class SmtpParser {
  private static final Set<String> NOT_IMPLEMENTED = Set.of("EXPN", "TURN", "ETRN", "BDAT", "ATRN");
  private static final int MAX_PARAMETERS = 10;

  private SmtpParser() {}

  /** Parses {@code line}, which holds no CR or LF. */
  public static SmtpCommand parse(String line) throws SmtpException {
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c > 126 || (c < 32 && c != '\t')) {
        throw new SmtpException(500, "5.5.2", "Syntax error: only printable ASCII in commands");
      }
    }
    int space = line.indexOf(' ');
    String verb = (space < 0 ? line : line.substring(0, space)).toUpperCase(Locale.ROOT);
    String argument = space < 0 ? "" : line.substring(space + 1).strip();
    return switch (verb) {
      case "HELO" -> new SmtpCommand.Hello(SmtpCommand.Verb.HELO, hello(argument));
      case "EHLO" -> new SmtpCommand.Hello(SmtpCommand.Verb.EHLO, hello(argument));
      case "LHLO" -> new SmtpCommand.Hello(SmtpCommand.Verb.LHLO, hello(argument));
      case "MAIL" -> mail(argument);
      case "RCPT" -> rcpt(argument);
      case "DATA" -> noArgument(argument, new SmtpCommand.Data());
      case "RSET" -> noArgument(argument, new SmtpCommand.Rset());
      case "QUIT" -> noArgument(argument, new SmtpCommand.Quit());
      case "STARTTLS" -> noArgument(argument, new SmtpCommand.StartTls());
      case "NOOP" -> new SmtpCommand.Noop();
      case "HELP" -> new SmtpCommand.Help();
      case "VRFY" -> {
        if (argument.isEmpty()) {
          throw new SmtpException(501, "5.5.4", "Syntax: VRFY <address>");
        }
        yield new SmtpCommand.Vrfy(argument);
      }
      case "AUTH" -> auth(argument);
      default -> {
        if (NOT_IMPLEMENTED.contains(verb)) {
          throw new SmtpException(502, "5.5.1", verb + " not implemented");
        }
        throw new SmtpException(500, "5.5.1", "Command unrecognized");
      }
    };
  }

  private static SmtpCommand auth(String argument) throws SmtpException {
    String[] words = argument.split(" +");
    if (argument.isEmpty() || words.length > 2) {
      throw new SmtpException(501, "5.5.4", "Syntax: AUTH mechanism [initial-response]");
    }
    return new SmtpCommand.Auth(
        words[0], words.length == 2 ? Optional.of(words[1]) : Optional.empty());
  }

  private static String hello(String argument) throws SmtpException {
    if (argument.isEmpty() || argument.contains(" ")) {
      throw new SmtpException(501, "5.5.4", "Syntax: EHLO <your domain>");
    }
    return argument;
  }

  private static SmtpCommand noArgument(String argument, SmtpCommand command) throws SmtpException {
    if (!argument.isEmpty()) {
      throw new SmtpException(501, "5.5.4", "Syntax error: no arguments allowed");
    }
    return command;
  }

  private static SmtpCommand mail(String argument) throws SmtpException {
    String rest = prefix(argument, "FROM:", "Syntax: MAIL FROM:<address>");
    int end = pathEnd(rest);
    String path = rest.substring(1, end);
    Optional<MailAddress> from = path.isEmpty() ? Optional.empty() : Optional.of(address(path));
    return new SmtpCommand.Mail(from, parameters(rest.substring(end + 1)));
  }

  private static SmtpCommand rcpt(String argument) throws SmtpException {
    String rest = prefix(argument, "TO:", "Syntax: RCPT TO:<address>");
    int end = pathEnd(rest);
    String path = rest.substring(1, end);
    if (path.isEmpty()) {
      throw new SmtpException(501, "5.1.3", "Bad recipient address syntax: empty");
    }
    return new SmtpCommand.Rcpt(address(path), parameters(rest.substring(end + 1)));
  }

  private static String prefix(String argument, String prefix, String syntax) throws SmtpException {
    if (!argument.regionMatches(true, 0, prefix, 0, prefix.length())) {
      throw new SmtpException(501, "5.5.4", syntax);
    }
    String rest = argument.substring(prefix.length()).stripLeading();
    if (!rest.startsWith("<")) {
      throw new SmtpException(501, "5.1.3", "Bad address syntax: the address goes in <>");
    }
    return rest;
  }

  private static int pathEnd(String rest) throws SmtpException {
    boolean quoted = false;
    for (int i = 1; i < rest.length(); i++) {
      char c = rest.charAt(i);
      if (c == '\\' && quoted) {
        i++;
      } else if (c == '"') {
        quoted = !quoted;
      } else if (c == '>' && !quoted) {
        return i;
      }
    }
    throw new SmtpException(501, "5.1.3", "Bad address syntax: no closing >");
  }

  /** A mailbox, after dropping an obsolete source route ({@code @a,@b:user@c}). */
  private static MailAddress address(String path) throws SmtpException {
    String mailbox = path;
    if (mailbox.startsWith("@")) {
      int colon = mailbox.indexOf(':');
      if (colon < 0) {
        throw new SmtpException(501, "5.1.3", "Bad address syntax: " + path);
      }
      mailbox = mailbox.substring(colon + 1);
    }
    return MailAddress.parse(mailbox)
        .orElseThrow(() -> new SmtpException(501, "5.1.3", "Bad address syntax: " + path));
  }

  private static Map<String, String> parameters(String text) throws SmtpException {
    Map<String, String> parameters = new LinkedHashMap<>();
    String rest = text.strip();
    if (rest.isEmpty()) {
      return parameters;
    }
    if (!text.startsWith(" ")) {
      throw new SmtpException(501, "5.5.4", "Syntax error after the address");
    }
    for (String parameter : rest.split(" +")) {
      int eq = parameter.indexOf('=');
      String key = (eq < 0 ? parameter : parameter.substring(0, eq)).toUpperCase(Locale.ROOT);
      String value = eq < 0 ? "" : parameter.substring(eq + 1);
      if (key.isEmpty()
          || parameters.put(key, value) != null
          || parameters.size() > MAX_PARAMETERS) {
        throw new SmtpException(501, "5.5.4", "Bad or repeated parameter: " + parameter);
      }
    }
    return parameters;
  }
}
