/** The personal zone as data in the user's store, and its DNSSEC-signed form for serving. */
package org.nymote.signpost.zone;
