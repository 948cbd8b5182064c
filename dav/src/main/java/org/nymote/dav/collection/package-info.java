/** Where contacts and calendars live in the store, and the URLs that name them. */
package org.nymote.dav.collection;
