/** Contacts and calendars: CalDAV and CardDAV over the store, behind a small request interface. */
package org.nymote.dav;
