package org.nymote.server.rest;

/**
 * Every kind of problem the API answers with (RFC 9457): its status, its {@code type} URI ({@code
 * urn:nymote:problem:SLUG}) and its title. The detail of each occurrence says what to do.
 */
enum ProblemType {
  MALFORMED_JSON(400, "malformed-json", "The body is not the JSON object expected"),
  INVALID_REQUEST(400, "invalid-request", "A parameter or header is invalid"),
  INVALID_PATH(400, "invalid-path", "The path is not a valid store path"),
  INVALID_BRANCH_NAME(400, "invalid-branch-name", "The branch name is not valid"),
  INVALID_URL(400, "invalid-url", "The URL is not one the server accepts"),
  UNAUTHORIZED(401, "unauthorized", "Authentication is required"),
  FORBIDDEN(403, "forbidden", "This user may not reach that resource"),
  NOT_FOUND(404, "not-found", "Nothing is there"),
  UNKNOWN_BRANCH(404, "unknown-branch", "The branch does not exist"),
  UNKNOWN_REVISION(404, "unknown-revision", "No such branch or commit"),
  METHOD_NOT_ALLOWED(405, "method-not-allowed", "The method is not allowed here"),
  CONFLICT(409, "conflict", "The change conflicts with what is there"),
  BRANCH_EXISTS(409, "branch-exists", "The branch already exists"),
  MERGE_CONFLICT(409, "merge-conflict", "The changes conflict; nothing was committed"),
  PRECONDITION_FAILED(412, "precondition-failed", "A precondition of the request failed"),
  CONTENT_TOO_LARGE(413, "content-too-large", "The body is too large"),
  UNSUPPORTED_MEDIA_TYPE(415, "unsupported-media-type", "The body's media type is not accepted"),
  INVALID_VALUE(422, "invalid-value", "The value does not decode as the type its name gives"),
  INTERNAL(500, "internal", "The server failed; the request may be retried");

  private final int status;
  private final String slug;
  private final String title;

  ProblemType(int status, String slug, String title) {
    this.status = status;
    this.slug = slug;
    this.title = title;
  }

  int status() {
    return status;
  }

  String uri() {
    return "urn:nymote:problem:" + slug;
  }

  String title() {
    return title;
  }
}
