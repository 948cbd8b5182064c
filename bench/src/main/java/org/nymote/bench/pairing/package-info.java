/** Issue 6's pairing figure: how long a device takes to pair with a running serve on loopback. */
package org.nymote.bench.pairing;
