package org.nymote.server.http;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;

/**
 * A request body read whole up to a limit. A body over the limit is read and dropped (up to
 * {@link #MAX_DRAINED} bytes) before the caller answers 413: a server that answers and closes while
 * the client is still sending makes the client's next write fail with a reset, and most clients then
 * report the reset, never the 413 waiting in their receive buffer.
 */
public final class RequestBody {
  /** What is read and thrown away of a body over its limit; past this Jetty closes the link. */
  static final long MAX_DRAINED = 64L << 20;

  private RequestBody() {}

  /** The whole body; empty if it is longer than {@code max} bytes (it was then drained). */
  public static Optional<byte[]> readAtMost(Request request, int max) throws IOException {
    long declared = request.getLength();
    try (InputStream in = Content.Source.asInputStream(request)) {
      if (declared > max) {
        drain(in, declared);
        return Optional.empty();
      }
      byte[] bytes = in.readNBytes(max + 1);
      if (bytes.length > max) {
        drain(in, -1);
        return Optional.empty();
      }
      return Optional.of(bytes);
    }
  }

  /**
   * Reads and drops what is left of a request's body, if it is at most {@link #MAX_DRAINED} bytes,
   * before an answer that refuses it.
   */
  public static void discard(Request request) {
    try (InputStream in = Content.Source.asInputStream(request)) {
      drain(in, request.getLength());
    } catch (IOException e) {
      // the client went away or sent garbage: the answer goes out (or not) all the same
    }
  }

  /** Reads and drops the rest of a body of at most {@link #MAX_DRAINED} bytes (-1: unknown). */
  private static void drain(InputStream in, long declared) throws IOException {
    if (declared > MAX_DRAINED) {
      return;
    }
    long left = MAX_DRAINED;
    byte[] buffer = new byte[64 << 10];
    for (int n; left > 0 && (n = in.read(buffer)) >= 0; ) {
      left -= n;
    }
  }
}
