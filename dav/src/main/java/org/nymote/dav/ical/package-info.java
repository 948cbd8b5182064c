/** iCalendar objects (RFC 5545) as CalDAV needs them: parsed once, time ranges, filters, expansion. */
package org.nymote.dav.ical;
