/** The DAV mount of the HTTP front: Jetty requests to the dav module and back, with auth. */
package org.nymote.server.dav;
