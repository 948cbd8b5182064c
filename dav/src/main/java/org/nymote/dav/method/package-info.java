/** One class per WebDAV method: access is checked before, each reads, changes in one update, answers. */
package org.nymote.dav.method;
