/** This device's identity in the home, pairing, and mutual-TLS sync between a user's devices. */
package org.nymote.server.devices;
