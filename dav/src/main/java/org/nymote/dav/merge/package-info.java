/** Merges of vCards and iCalendar objects between replicas, as store contents. */
package org.nymote.dav.merge;
