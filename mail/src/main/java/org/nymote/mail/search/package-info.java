/** Full-text search of a user's mail: a Lucene index kept in step with the mailstore. */
package org.nymote.mail.search;
