/** The REST API under {@code /api/v1}: a user's store as JSON and raw values (docs/rest.md). */
package org.nymote.server.rest;
