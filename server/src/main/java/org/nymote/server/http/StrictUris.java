package org.nymote.server.http;

import java.util.List;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's default URI rules for every route but the API. The connectors accept, beyond Jetty's
 * {@link UriCompliance#DEFAULT}, an encoded {@code /} ({@code %2F}), an encoded {@code %} ({@code
 * %25}) and an empty segment ({@code //}), because the REST API reads its path as sent and
 * decodes each segment once by itself: a branch named {@code a/b} is {@code a%2Fb}, a value named
 * {@code 5%} is {@code 5%25}, and an empty segment is refused as an invalid store path. Every
 * other handler works on Jetty's decoded, canonical path, where those are ambiguous ({@code %2F}
 * would read as a separator, {@code %25} could be decoded twice): this wrapper refuses them with
 * a 400 before such a handler runs, as Jetty did. Encoded dot segments ({@code %2E%2E}) stay
 * refused everywhere by Jetty itself, and plain {@code ..} segments, which Jetty resolves before
 * routing, are refused by the API and never reach a file: no handler maps a URL to a file.
 */
final class StrictUris extends Handler.Wrapper {
  private static final List<UriCompliance.Violation> ALLOWED_FOR_THE_API = List.of(
      UriCompliance.Violation.AMBIGUOUS_PATH_SEPARATOR,
      UriCompliance.Violation.AMBIGUOUS_PATH_ENCODING,
      UriCompliance.Violation.AMBIGUOUS_EMPTY_SEGMENT);

  /** Jetty's default, and the three ambiguities the API resolves itself. */
  static final UriCompliance COMPLIANCE = UriCompliance.DEFAULT.with(
      "nymote", ALLOWED_FOR_THE_API.toArray(UriCompliance.Violation[]::new));

  StrictUris(Handler handler) {
    super(handler);
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    HttpURI uri = request.getHttpURI();
    if (ALLOWED_FOR_THE_API.stream().anyMatch(uri::hasViolation)) {
      Response.writeError(request, response, callback, 400, "Ambiguous URI path");
      return true;
    }
    return super.handle(request, response, callback);
  }
}
