package org.nymote.bench.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The load generator's client reads whole responses, so one connection carries many requests. */
class RawHttpTest {
  private HttpServer server;
  private final List<String> seen = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", ex -> {
      byte[] in = ex.getRequestBody().readAllBytes();
      synchronized (seen) {
        seen.add(ex.getRequestMethod() + " " + ex.getRequestURI() + " "
            + ex.getRequestHeaders().getFirst("Authorization") + " " + in.length);
      }
      byte[] out = "x".repeat(20_000).getBytes(StandardCharsets.US_ASCII);
      boolean chunked = ex.getRequestURI().getPath().endsWith("/chunked");
      int status = ex.getRequestMethod().equals("PUT") ? 201 : 200;
      ex.sendResponseHeaders(status, chunked ? 0 : out.length);
      try (OutputStream os = ex.getResponseBody()) {
        os.write(out);
      }
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void keepsOneConnectionForFixedAndChunkedBodies() throws Exception {
    try (RawHttp c = new RawHttp(server.getAddress(), "tok")) {
      for (int i = 0; i < 3; i++) {
        assertThat(c.send("GET", "/a/fixed", null)).isEqualTo(200);
        assertThat(c.send("GET", "/a/chunked", null)).isEqualTo(200);
        assertThat(c.send("PUT", "/a/value", new byte[100])).isEqualTo(201);
      }
    }
    assertThat(seen)
        .hasSize(9)
        .contains("GET /a/fixed Bearer tok 0", "PUT /a/value Bearer tok 100");
  }

  @Test
  void urlsAndValuesOfTheLoad() {
    assertThat(RestLoad.target(42)).isEqualTo("/api/v1/users/bench/branches/main/values/k/000042");
    assertThat(RestLoad.value(42, 7)).hasSize(RestLoad.VALUE_BYTES);
    assertThat(RestLoad.value(42, 7)).isNotEqualTo(RestLoad.value(42, 8));
  }
}
