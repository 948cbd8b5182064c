/** What every running service shows the supervisor: its listeners, and a way to stop it. */
package org.nymote.server.service;
