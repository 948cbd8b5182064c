/** Each user's store over Git's smart HTTP protocol, and the endpoint that runs their syncs. */
package org.nymote.server.git;
