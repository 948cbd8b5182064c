package org.nymote.dav.method;

import java.util.Optional;
import java.util.function.Supplier;
import org.eclipse.jgit.lib.ObjectId;
import org.nymote.dav.collection.CollectionMeta;
import org.nymote.dav.collection.DavPath;

/**
 * A resource as PROPFIND and REPORT describe it: where it is, its collection's metadata, the id
 * that makes its ETag or ctag, its body read on demand, and the sync-token of the snapshot.
 */
record Node(
    DavPath path,
    Optional<CollectionMeta> meta,
    Optional<ObjectId> id,
    Supplier<byte[]> body,
    String syncToken) {}
