package org.nymote.store.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jgit.lib.AnyObjectId;
import org.eclipse.jgit.lib.ObjectId;
import org.nymote.store.CorruptObjectException;

/** A backend in memory, for tests and scratch work: nothing survives the process. */
public final class MemBackend implements Backend {
  private final Map<ObjectId, RawObject> objects = new ConcurrentHashMap<>();
  private final Map<String, ObjectId> heads = new ConcurrentHashMap<>();

  @Override
  public byte[] read(AnyObjectId id, int type) {
    RawObject o = objects.get(id.toObjectId());
    if (o == null) {
      throw new CorruptObjectException("missing object " + id.name());
    }
    if (o.type() != type) {
      throw new CorruptObjectException("object " + id.name() + " is a "
          + RawObject.typeName(o.type()) + ", not a " + RawObject.typeName(type));
    }
    return o.data();
  }

  @Override
  public boolean contains(AnyObjectId id) {
    return objects.containsKey(id.toObjectId());
  }

  @Override
  public Map<String, ObjectId> heads() {
    return new HashMap<>(heads);
  }

  @Override
  public void persist(List<RawObject> objs, Map<String, ObjectId> moves) {
    for (RawObject o : objs) {
      objects.putIfAbsent(o.id(), o);
    }
    moves.forEach((name, id) -> {
      if (id == null) {
        heads.remove(name);
      } else {
        heads.put(name, id);
      }
    });
  }

  @Override
  public void checkpoint() {}

  @Override
  public void close() {}
}
