/**
 * Issue 3's REST figure: a closed-loop load generator ({@link org.nymote.bench.rest.RestLoad})
 * that starts a real {@code nymote serve} on loopback and measures reads/s and writes/s of values
 * with 32 concurrent clients, with p50 and p99 latency.
 */
package org.nymote.bench.rest;
