/** The server's TLS identity: a self-signed certificate and its key, kept in the home. */
package org.nymote.server.tls;
