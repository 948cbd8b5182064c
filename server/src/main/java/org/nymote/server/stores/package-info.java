/** Each user's store, opened once per process and shared by every service. */
package org.nymote.server.stores;
