package org.nymote.bench.lmtp;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Delivers messages over LMTP as fast as {@code --clients} connections can, against each {@code
 * --target NAME=HOST:PORT} in turn, and prints messages/s and the p50/p99 latency of one delivery
 * (MAIL, RCPT and DATA pipelined, RFC 2920, until the final reply), then the ratio of each target
 * to the first. Every message is different (its Message-ID and a counter line), so no store can
 * keep one copy for all. Targets alternate run by run, so load from elsewhere hits both alike.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar org.nymote.bench.lmtp.LmtpLoad
 *     --target nymote=127.0.0.1:2424 --target dovecot=127.0.0.1:24244
 *     [--rcpt bench@bench.test] [--clients 8] [--size 4096] [--warmup 5] [--duration 20] [--runs 3]
 * </pre>
 */
public final class LmtpLoad {
  private final String rcpt;
  private final int clients;
  private final int size;
  private final AtomicLong sequence = new AtomicLong();

  private LmtpLoad(String rcpt, int clients, int size) {
    this.rcpt = rcpt;
    this.clients = clients;
    this.size = size;
  }

  /** One run's figures. */
  record Result(long messages, long errors, double seconds, long[] latenciesNanos) {
    double perSecond() {
      return messages / seconds;
    }

    double percentileMs(double p) {
      if (latenciesNanos.length == 0) {
        return Double.NaN;
      }
      long[] sorted = latenciesNanos.clone();
      Arrays.sort(sorted);
      return sorted[(int) Math.min(sorted.length - 1, Math.floor(p * sorted.length))] / 1e6;
    }
  }

  public static void main(String[] args) throws Exception {
    Map<String, InetSocketAddress> targets = new LinkedHashMap<>();
    Map<String, String> opt = new LinkedHashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      String key = args[i].replaceFirst("^--", "");
      if (key.equals("target")) {
        String[] nameAddress = args[i + 1].split("=", 2);
        String[] hostPort = nameAddress[1].split(":");
        targets.put(
            nameAddress[0], new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1])));
      } else {
        opt.put(key, args[i + 1]);
      }
    }
    var load = new LmtpLoad(
        opt.getOrDefault("rcpt", "bench@bench.test"),
        Integer.parseInt(opt.getOrDefault("clients", "8")),
        Integer.parseInt(opt.getOrDefault("size", "4096")));
    double warmup = Double.parseDouble(opt.getOrDefault("warmup", "5"));
    double duration = Double.parseDouble(opt.getOrDefault("duration", "20"));
    int runs = Integer.parseInt(opt.getOrDefault("runs", "3"));
    System.out.printf(
        "LMTP delivery: %d clients, %d-byte messages, %d runs of %.0f s%n",
        load.clients, load.size, runs, duration);
    for (var target : targets.entrySet()) {
      load.run(target.getValue(), warmup);
    }
    Map<String, List<Result>> results = new LinkedHashMap<>();
    for (int run = 1; run <= runs; run++) {
      for (var target : targets.entrySet()) {
        Result r = load.run(target.getValue(), duration);
        results.computeIfAbsent(target.getKey(), k -> new ArrayList<>()).add(r);
        System.out.printf(
            "run %d %-8s %8.0f msg/s  p50 %6.2f ms  p99 %7.2f ms  errors %d%n",
            run,
            target.getKey(),
            r.perSecond(),
            r.percentileMs(0.50),
            r.percentileMs(0.99),
            r.errors());
      }
    }
    String first = targets.keySet().iterator().next();
    double base = median(results.get(first));
    for (var entry : results.entrySet()) {
      double m = median(entry.getValue());
      System.out.printf(
          "median %-8s %8.0f msg/s  (%.2fx %s)%n", entry.getKey(), m, m / base, first);
    }
  }

  private static double median(List<Result> results) {
    double[] rates = results.stream().mapToDouble(Result::perSecond).sorted().toArray();
    return rates[rates.length / 2];
  }

  private Result run(InetSocketAddress target, double seconds) throws InterruptedException {
    long end = System.nanoTime() + (long) (seconds * 1e9);
    List<long[]> latencies = new ArrayList<>();
    AtomicLong errors = new AtomicLong();
    List<Thread> threads = new ArrayList<>();
    long start = System.nanoTime();
    for (int c = 0; c < clients; c++) {
      long[] mine = new long[500_000];
      latencies.add(mine);
      threads.add(Thread.ofVirtual().start(() -> client(target, end, mine, errors)));
    }
    for (Thread t : threads) {
      t.join();
    }
    double elapsed = (System.nanoTime() - start) / 1e9;
    long total = 0;
    List<Long> all = new ArrayList<>();
    for (long[] l : latencies) {
      for (int i = 1; i <= l[0]; i++) {
        all.add(l[i]);
      }
      total += l[0];
    }
    return new Result(
        total, errors.get(), elapsed, all.stream().mapToLong(Long::longValue).toArray());
  }

  /** One connection delivering until {@code end}; mine[0] counts, mine[1..] the latencies. */
  private void client(InetSocketAddress target, long end, long[] mine, AtomicLong errors) {
    try (var socket = new Socket(target.getAddress(), target.getPort())) {
      socket.setSoTimeout(60_000);
      InputStream in = new BufferedInputStream(socket.getInputStream());
      OutputStream out = new BufferedOutputStream(socket.getOutputStream());
      reply(in);
      send(out, "LHLO bench.test\r\n");
      reply(in);
      while (System.nanoTime() < end && mine[0] < mine.length - 1) {
        long t0 = System.nanoTime();
        send(out, "MAIL FROM:<load@bench.test>\r\nRCPT TO:<" + rcpt + ">\r\nDATA\r\n");
        boolean ok = reply(in) == 250 & reply(in) == 250 & reply(in) == 354;
        if (!ok) {
          errors.incrementAndGet();
          send(out, "RSET\r\n");
          reply(in);
          continue;
        }
        out.write(message());
        out.flush();
        if (reply(in) == 250) {
          mine[(int) ++mine[0]] = System.nanoTime() - t0;
        } else {
          errors.incrementAndGet();
        }
      }
      send(out, "QUIT\r\n");
    } catch (IOException e) {
      errors.incrementAndGet();
    }
  }

  private byte[] message() {
    long n = sequence.incrementAndGet();
    var text = new StringBuilder()
        .append("From: Load <load@bench.test>\r\nTo: <")
        .append(rcpt)
        .append(">\r\n")
        .append("Subject: load message ")
        .append(n)
        .append("\r\n")
        .append("Message-ID: <")
        .append(n)
        .append('.')
        .append(System.nanoTime())
        .append("@bench.test>\r\n\r\n");
    String line = "The quick brown fox jumps over the lazy dog, again and again and again.\r\n";
    while (text.length() + line.length() < size) {
      text.append(line);
    }
    text.append("message ").append(n).append("\r\n.\r\n");
    return text.toString().getBytes(StandardCharsets.US_ASCII);
  }

  private static void send(OutputStream out, String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  /** Reads one reply (maybe multi-line) and returns its code. */
  private static int reply(InputStream in) throws IOException {
    while (true) {
      var line = new ByteArrayOutputStream();
      for (int b; (b = in.read()) != '\n'; ) {
        if (b < 0) {
          throw new IOException("closed");
        }
        line.write(b);
      }
      String text = line.toString(StandardCharsets.US_ASCII);
      if (text.length() < 4 || text.charAt(3) != '-') {
        return Integer.parseInt(text.substring(0, 3));
      }
    }
  }
}
