package org.nymote.server.git;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Passes at most {@code limit} bytes, then throws {@link TooLargeException}. */
final class LimitedInputStream extends FilterInputStream {
  /** Thrown when a body goes past its limit. */
  static final class TooLargeException extends IOException {
    TooLargeException(long limit) {
      super("request too large: at most " + limit + " bytes");
    }
  }

  private final long limit;
  private long count;

  LimitedInputStream(InputStream in, long limit) {
    super(in);
    this.limit = limit;
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0) {
      count(1);
    }
    return b;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    int n = super.read(buffer, offset, length);
    if (n > 0) {
      count(n);
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    long skipped = super.skip(n);
    count(skipped);
    return skipped;
  }

  private void count(long n) throws TooLargeException {
    count += n;
    if (count > limit) {
      throw new TooLargeException(limit);
    }
  }
}
