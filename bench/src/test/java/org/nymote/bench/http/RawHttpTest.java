package org.nymote.bench.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The benchmarks' client reads whole responses, so one connection carries many requests. */
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
            + ex.getRequestHeaders().getFirst("Authorization") + " "
            + ex.getRequestHeaders().getFirst("Depth") + " " + in.length);
      }
      String path = ex.getRequestURI().getPath();
      byte[] out =
          path.endsWith("/echo") ? in : "x".repeat(20_000).getBytes(StandardCharsets.US_ASCII);
      if (path.endsWith("/close")) {
        ex.getResponseHeaders().set("Connection", "close");
      }
      int status = ex.getRequestMethod().equals("PUT") ? 201 : 200;
      ex.sendResponseHeaders(status, path.endsWith("/chunked") ? 0 : out.length);
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
    try (RawHttp c = new RawHttp(server.getAddress(), "Bearer tok")) {
      for (int i = 0; i < 3; i++) {
        assertThat(c.send("GET", "/a/fixed", null)).isEqualTo(200);
        assertThat(c.send("GET", "/a/chunked", null)).isEqualTo(200);
        assertThat(c.send("PUT", "/a/value", new byte[100])).isEqualTo(201);
      }
    }
    assertThat(seen)
        .hasSize(9)
        .contains("GET /a/fixed Bearer tok null 0", "PUT /a/value Bearer tok null 100");
  }

  @Test
  void exchangeSendsHeadersAndKeepsTheWholeBody() throws Exception {
    try (RawHttp c = new RawHttp(server.getAddress(), "Basic dTpw")) {
      var chunked = c.exchange("REPORT", "/b/chunked", Map.of("Depth", "1"), new byte[3]);
      assertThat(chunked.status()).isEqualTo(200);
      assertThat(chunked.text()).isEqualTo("x".repeat(20_000));
      byte[] body = "ünïcödé <x/>".getBytes(StandardCharsets.UTF_8);
      var echo = c.exchange("PUT", "/b/echo", Map.of("Content-Type", "text/plain"), body);
      assertThat(echo.status()).isEqualTo(201);
      assertThat(echo.body()).isEqualTo(body);
    }
    assertThat(seen).contains("REPORT /b/chunked Basic dTpw 1 3");
  }

  @Test
  void opensANewConnectionAfterTheServerClosesOne() throws Exception {
    try (RawHttp c = new RawHttp(server.getAddress(), "Bearer tok")) {
      assertThat(c.exchange("GET", "/c/close", Map.of(), null).body()).hasSize(20_000);
      assertThat(c.exchange("GET", "/c/fixed", Map.of(), null).body()).hasSize(20_000);
    }
    assertThat(seen).hasSize(2);
  }

  @Test
  void aDeadServerIsAnIoErrorNotAHang() {
    server.stop(0);
    try (RawHttp c = new RawHttp(server.getAddress(), "Bearer tok")) {
      assertThatThrownBy(() -> c.send("GET", "/d", null)).isInstanceOf(IOException.class);
    }
  }
}
