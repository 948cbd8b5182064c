/** Issue 5's DAV figures: nymote serve and Radicale side by side on loopback. */
package org.nymote.bench.dav;
