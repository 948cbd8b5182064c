/** The HTTP front: Jetty listeners for HTTP and HTTPS, authentication and the handlers. */
package org.nymote.server.http;
