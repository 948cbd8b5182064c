package org.nymote.mail.mime;

/** One header field: its name as written, and its value unfolded (raw, not decoded). */
public record HeaderField(String name, String value) {}
