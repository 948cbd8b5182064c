/** vCards (RFC 6350, and 3.0 of RFC 2426) as CardDAV needs them: checked on PUT, filtered. */
package org.nymote.dav.vcard;
