/** The {@code nymote} command: its subcommands, the home they share, and the wiring of services. */
package org.nymote.server;
