/** The users of a home: names, password hashes in a private file, and who may log in. */
package org.nymote.server.users;
