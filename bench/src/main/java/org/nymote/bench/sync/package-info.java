/**
 * Issue 3's sync figure: a Nymote replica taking in 10,000 new commits of another ({@code
 * Sync.sync}) beside plain {@code git fetch} of the same repository from {@code git
 * http-backend}. A timed harness ({@link org.nymote.bench.sync.SyncVsGitFetch}), not JMH: each
 * timing needs a fresh replica of a few hundred megabytes' worth of set-up, and a git process.
 */
package org.nymote.bench.sync;
