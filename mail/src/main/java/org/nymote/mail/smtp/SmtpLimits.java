package org.nymote.mail.smtp;

import java.time.Duration;

/**
 * Every size, count and wait an SMTP session allows.
 *
 * @param maxMessageSize octets of message data (advertised as SIZE, RFC 1870)
 * @param maxRecipients RCPT commands accepted per message
 * @param maxCommandLine octets of a command line, besides CRLF (long enough for AUTH responses)
 * @param maxCommands commands per connection without a message (DATA) among them
 * @param maxErrors failed commands per connection before it is closed
 * @param maxAuthFailures failed logins per connection before it is closed
 * @param authFailureDelay how long a failed login waits before its reply
 * @param commandTimeout how long the server waits for a command (RFC 5321 4.5.3.2.7: 5 min)
 * @param dataTimeout how long it waits for more message data (4.5.3.2.5 asks 3 min per block)
 * @param maxConnections connections served at once per listener
 */
public record SmtpLimits(
    int maxMessageSize,
    int maxRecipients,
    int maxCommandLine,
    int maxCommands,
    int maxErrors,
    int maxAuthFailures,
    Duration authFailureDelay,
    Duration commandTimeout,
    Duration dataTimeout,
    int maxConnections) {
  /** 25 MiB messages, 100 recipients, 5-minute command and 10-minute data waits. */
  public static SmtpLimits defaults() {
    return new SmtpLimits(
        25 * 1024 * 1024,
        100,
        4096,
        1000,
        10,
        3,
        Duration.ofSeconds(1),
        Duration.ofMinutes(5),
        Duration.ofMinutes(10),
        100);
  }

  public SmtpLimits withMaxMessageSize(int size) {
    return new SmtpLimits(
        size,
        maxRecipients,
        maxCommandLine,
        maxCommands,
        maxErrors,
        maxAuthFailures,
        authFailureDelay,
        commandTimeout,
        dataTimeout,
        maxConnections);
  }

  public SmtpLimits withMaxRecipients(int count) {
    return new SmtpLimits(
        maxMessageSize,
        count,
        maxCommandLine,
        maxCommands,
        maxErrors,
        maxAuthFailures,
        authFailureDelay,
        commandTimeout,
        dataTimeout,
        maxConnections);
  }

  public SmtpLimits withCommandTimeout(Duration timeout) {
    return new SmtpLimits(
        maxMessageSize,
        maxRecipients,
        maxCommandLine,
        maxCommands,
        maxErrors,
        maxAuthFailures,
        authFailureDelay,
        timeout,
        dataTimeout,
        maxConnections);
  }
}
