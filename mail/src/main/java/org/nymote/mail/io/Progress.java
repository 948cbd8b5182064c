package org.nymote.mail.io;

import java.io.PrintWriter;

/** Reports how far a long job has got. */
@FunctionalInterface
public interface Progress {
  /** {@code done} of {@code total} {@code unit}s (total 0 when unknown). */
  void update(long done, long total, String unit);

  /** Reports nothing. */
  static Progress none() {
    return (done, total, unit) -> {};
  }

  /**
   * A bar on {@code err}, redrawn in place ({@code \r}) at most ten times a second and once at
   * the end: {@code [##########----------]  50% 500/1000 messages}.
   */
  static Progress bar(PrintWriter err) {
    return new Progress() {
      private long lastDraw;

      @Override
      public void update(long done, long total, String unit) {
        long now = System.nanoTime();
        boolean end = total > 0 && done >= total;
        if (!end && now - lastDraw < 100_000_000L) {
          return;
        }
        lastDraw = now;
        int width = 30;
        int filled = total > 0 ? (int) Math.min(width, done * width / total) : 0;
        String bar = "#".repeat(filled) + "-".repeat(width - filled);
        String percent = total > 0 ? String.format("%3d%%", done * 100 / total) : "   ?";
        err.print("\r[" + bar + "] " + percent + " " + done + (total > 0 ? "/" + total : "") + " "
            + unit + (end ? "\n" : ""));
        err.flush();
      }
    };
  }
}
