/** WebDAV's XML: names, a parser with DTDs and external entities off, and a writer. */
package org.nymote.dav.xml;
