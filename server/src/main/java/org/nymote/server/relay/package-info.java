/**
 * Links between devices through a relay: another of the user's paired devices that both can reach
 * and that copies the bytes of an end-to-end TLS stream it cannot read (docs/devices.md).
 */
package org.nymote.server.relay;
