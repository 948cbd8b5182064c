package org.nymote.server.smtp;

import java.time.Duration;
import org.nymote.server.CliException;
import picocli.CommandLine.Option;

/** The mail options of {@code nymote serve} (a picocli mixin). Ports: 0 for any free one. */
public final class SmtpOptions {
  @Option(
      names = "--smtp-port",
      paramLabel = "PORT",
      defaultValue = "2525",
      description =
          "inbound SMTP for the home's mail domains, with STARTTLS (default: ${DEFAULT-VALUE})")
  int smtpPort;

  @Option(
      names = "--submission-port",
      paramLabel = "PORT",
      defaultValue = "2587",
      description = "message submission: STARTTLS, then AUTH (default: ${DEFAULT-VALUE})")
  int submissionPort;

  @Option(
      names = "--submissions-port",
      paramLabel = "PORT",
      defaultValue = "1465",
      description = "message submission over implicit TLS (default: ${DEFAULT-VALUE})")
  int submissionsPort;

  @Option(
      names = "--lmtp-port",
      paramLabel = "PORT",
      defaultValue = "2424",
      description =
          "LMTP from an MTA on this machine, on loopback only (default: ${DEFAULT-VALUE})")
  int lmtpPort;

  @Option(
      names = "--mail-hostname",
      paramLabel = "NAME",
      description = "this server's name in SMTP greetings and Received: headers"
          + " (default: mx. and the first mail domain)")
  String hostname;

  @Option(
      names = "--dns",
      paramLabel = "HOST:PORT",
      description = "the DNS resolver for MX lookups (default: the system's, /etc/resolv.conf)")
  String dns;

  @Option(
      names = "--smarthost",
      paramLabel = "HOST:PORT",
      description = "send all outbound mail through this host instead of looking up MX records")
  String smarthost;

  @Option(
      names = "--outbound-port",
      paramLabel = "PORT",
      defaultValue = "25",
      description = "the port of other domains' mail hosts; change only to test on one machine"
          + " (default: ${DEFAULT-VALUE})")
  int outboundPort;

  @Option(
      names = "--queue-retry",
      paramLabel = "DURATION",
      converter = DurationOption.class,
      defaultValue = "5m",
      description = "the first wait before retrying outbound mail, doubling up to 1h"
          + " (default: ${DEFAULT-VALUE})")
  Duration queueRetry;

  @Option(
      names = "--queue-lifetime",
      paramLabel = "DURATION",
      converter = DurationOption.class,
      defaultValue = "5d",
      description =
          "how long outbound mail is retried before it bounces (default: ${DEFAULT-VALUE})")
  Duration queueLifetime;

  /** Checks the values; throws a usage error naming the option. */
  public void validate() {
    checkPort(smtpPort, "--smtp-port");
    checkPort(submissionPort, "--submission-port");
    checkPort(submissionsPort, "--submissions-port");
    checkPort(lmtpPort, "--lmtp-port");
    if (outboundPort < 1 || outboundPort > 65535) {
      throw new CliException(CliException.USAGE, "--outbound-port must be between 1 and 65535");
    }
    try {
      if (dns != null) {
        SmtpService.hostPort(dns, "--dns", 53);
      }
      if (smarthost != null) {
        SmtpService.hostPort(smarthost, "--smarthost", 25);
      }
    } catch (IllegalArgumentException e) {
      throw new CliException(CliException.USAGE, e.getMessage());
    }
  }

  private static void checkPort(int port, String option) {
    if (port < 0 || port > 65535) {
      throw new CliException(
          CliException.USAGE, option + " must be between 0 (any free port) and 65535, not " + port);
    }
  }

  /** {@code 90s}, {@code 5m}, {@code 2h}, {@code 1d}, or {@code 500ms}. */
  public static final class DurationOption implements picocli.CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      var m = java.util.regex.Pattern.compile("(\\d{1,9})(ms|s|m|h|d)").matcher(value.strip());
      if (!m.matches()) {
        throw new picocli.CommandLine.TypeConversionException(
            "'" + value + "' is not a duration: use 500ms, 30s, 5m, 1h or 5d");
      }
      long n = Long.parseLong(m.group(1));
      Duration d = switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        default -> Duration.ofDays(n);
      };
      if (d.isZero()) {
        throw new picocli.CommandLine.TypeConversionException("the duration must be positive");
      }
      return d;
    }
  }
}
