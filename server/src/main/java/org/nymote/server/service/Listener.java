package org.nymote.server.service;

/**
 * A socket a service listens on. {@code service} is the protocol name users and scripts know
 * ({@code http}, {@code https}, {@code imap} ...); {@code port} is the port actually bound.
 */
public record Listener(String service, String host, int port) {
  /** The line {@code nymote serve} prints for it: {@code listening http 127.0.0.1:8080}. */
  public String announcement() {
    String address = host.contains(":") ? "[" + host + "]" : host;
    return "listening " + service + " " + address + ":" + port;
  }
}
