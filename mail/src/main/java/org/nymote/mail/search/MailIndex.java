package org.nymote.mail.search;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.QueryBuilder;
import org.nymote.mail.mime.HeaderField;
import org.nymote.mail.mime.MimePart;
import org.nymote.mail.mime.MimeText;
import org.nymote.mail.store.MailStore;
import org.nymote.store.Watch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Lucene index of one user's messages, by content key: the decoded text parts ({@code body}) and
 * the decoded top-level header fields ({@code head}). The store is the truth; the index follows it
 * in the background: one indexer thread, woken by a store watch on the messages (so also after sync
 * merges), diffs the store from the commit it indexed last and indexes the new messages. A search
 * takes no lock when every message the caller will test is searchable already; otherwise it
 * refreshes the near-real-time reader (once for all messages indexed since, not per message) and,
 * if some are not indexed yet, runs a pass itself (after the one under way, if any; waiting at most
 * {@link #WAIT_MILLIS}), which sees the store at least as new as the caller's view. Lucene commits
 * (fsync) happen at most every {@link #COMMIT_MILLIS}, after a rebuild and on close, never once per
 * search: the commit data records the store commit indexed, so after a crash the index catches up
 * from there; an index that is missing, of another layout or from another store is rebuilt from all
 * messages. Matching is by words, in order (a phrase query with Lucene's standard analyzer; TEXT
 * matches the body or the headers), as full-text IMAP servers do; text without words falls back to
 * scanning. The index also keeps (boundedly) messages' header fields, for header searches. Thread-
 * safe.
 */
public final class MailIndex implements TextSearch, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MailIndex.class);
  private static final String COMMIT = "nymote-commit";
  /** The layout of the documents; an index of another layout is rebuilt. */
  private static final String FORMAT = "nymote-format";

  private static final String FORMAT_VERSION = "2";
  /** How many messages' header fields are kept in memory for header searches. */
  static final int MAX_CACHED_HEADERS = 20_000;
  /** The longest a search waits for messages to be indexed before it scans instead. */
  static final long WAIT_MILLIS = 10_000;
  /** How long indexed changes may stay uncommitted to disk (they are rebuilt from the store). */
  static final long COMMIT_MILLIS = 5_000;

  private final MailStore store;
  private final StandardAnalyzer analyzer = new StandardAnalyzer();
  private final IndexWriter writer;
  private final SearcherManager searchers;
  /** Content keys the current reader answers for: indexed, or without bytes to index. */
  private final Set<String> known = ConcurrentHashMap.newKeySet();
  /** Content keys indexed since the reader was last refreshed; guarded by {@link #publish}. */
  private List<String> unseen = new ArrayList<>();

  /** Top-level header fields by content key, bounded: header searches read no message. */
  private final Map<String, List<HeaderField>> headers = new ConcurrentHashMap<>();

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition wake = lock.newCondition();
  /** Passes asked for, and the last one asked for that a pass has served; guarded by lock. */
  private long requested;

  private long served;
  private boolean closed;

  /** Guarded by {@link #pass}. */
  private Optional<String> indexed;

  private volatile boolean uncommitted;
  /** Messages this instance has indexed, for tests: a reopened index adds only what is new. */
  private final AtomicInteger added = new AtomicInteger();

  /** Held by a pass (and a Lucene commit): one at a time. */
  private final ReentrantLock pass = new ReentrantLock();
  /** Held briefly: publishing a pass's keys, clearing for a rebuild, refreshing the reader. */
  private final ReentrantLock publish = new ReentrantLock();

  private final Thread indexer;
  private final Watch watch;

  private MailIndex(MailStore store, IndexWriter writer, Optional<String> indexed)
      throws IOException {
    this.store = store;
    this.writer = writer;
    this.indexed = indexed;
    this.searchers = new SearcherManager(writer, null);
    if (indexed.isPresent()) { // else to be rebuilt: nothing in it answers yet
      IndexSearcher s = searchers.acquire();
      try {
        StoredFields fields = s.storedFields();
        for (int i = 0; i < s.getIndexReader().maxDoc(); i++) {
          known.add(fields.document(i).get("id"));
        }
      } finally {
        searchers.release(s);
      }
    }
    this.indexer = Thread.ofPlatform().daemon().name("mail-index").unstarted(this::run);
    this.indexer.start();
    this.watch = store.watchMessages(this::request);
    request();
  }

  /** Opens (or creates) the index of {@code store}'s mail in {@code dir}; starts following it. */
  public static MailIndex open(MailStore store, Path dir) throws IOException {
    IndexWriter w = new IndexWriter(
        FSDirectory.open(dir),
        new IndexWriterConfig(new StandardAnalyzer())
            .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND));
    Optional<String> indexed = Optional.empty();
    String format = "";
    var data = w.getLiveCommitData();
    if (data != null) {
      for (Map.Entry<String, String> e : data) {
        if (e.getKey().equals(COMMIT)) {
          indexed = Optional.of(e.getValue());
        } else if (e.getKey().equals(FORMAT)) {
          format = e.getValue();
        }
      }
    }
    if (!format.equals(FORMAT_VERSION)) {
      indexed = Optional.empty(); // rebuilt whole on the first pass
    }
    try {
      return new MailIndex(store, w, indexed);
    } catch (IOException | RuntimeException e) {
      w.close();
      throw e;
    }
  }

  /** Asks the indexer for a pass. */
  private void request() {
    lock.lock();
    try {
      requested++;
      wake.signal();
    } finally {
      lock.unlock();
    }
  }

  private void run() {
    long lastCommit = System.nanoTime();
    while (true) {
      long target;
      lock.lock();
      try {
        while (!closed && served == requested) {
          long left = uncommitted
              ? COMMIT_MILLIS - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastCommit)
              : COMMIT_MILLIS;
          if (uncommitted && left <= 0) {
            break;
          }
          wake.await(left, TimeUnit.MILLISECONDS);
        }
        if (closed) {
          return;
        }
        target = requested;
      } catch (InterruptedException e) {
        return;
      } finally {
        lock.unlock();
      }
      if (target != served) {
        try {
          catchUp();
        } catch (IOException | RuntimeException e) {
          LOG.warn("indexing mail failed (searches scan meanwhile): {}", e.toString());
        }
        lock.lock();
        try {
          served = target;
        } finally {
          lock.unlock();
        }
      }
      if (uncommitted
          && System.nanoTime() - lastCommit >= TimeUnit.MILLISECONDS.toNanos(COMMIT_MILLIS)) {
        commit();
        lastCommit = System.nanoTime();
      }
    }
  }

  private void commit() {
    pass.lock();
    try {
      if (uncommitted) {
        writer.commit();
        uncommitted = false;
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("committing the mail index failed: {}", e.toString());
    } finally {
      pass.unlock();
    }
  }

  /**
   * Indexes what the store holds beyond what was indexed, and makes it searchable; returns how
   * many messages it added. The indexer thread does this on every change; callable directly.
   */
  public int catchUp() throws IOException {
    pass.lock();
    try {
      MailStore.MessagesSince since = store.messagesSince(indexed);
      if (since.head().equals(indexed) && !since.complete()) {
        return 0;
      }
      if (since.complete()) {
        publish.lock();
        try {
          known.clear();
          unseen.clear();
          writer.deleteAll();
        } finally {
          publish.unlock();
        }
      }
      List<String> keys = new ArrayList<>();
      int n = 0;
      for (String key : since.added()) {
        keys.add(key);
        Optional<byte[]> raw = store.message(key);
        if (raw.isEmpty()) {
          continue;
        }
        MimePart m = MimePart.parse(raw.get());
        remember(key, m.fields());
        Document d = new Document();
        d.add(new StringField("id", key, Field.Store.YES));
        d.add(new TextField("body", MimeText.body(m), Field.Store.NO));
        d.add(new TextField("head", MimeText.headers(m), Field.Store.NO));
        writer.updateDocument(new Term("id", key), d);
        n++;
      }
      if (since.head().isPresent()) {
        writer.setLiveCommitData(
            Map.of(COMMIT, since.head().get(), FORMAT, FORMAT_VERSION).entrySet());
      }
      uncommitted = true;
      if (since.complete()) {
        writer.commit(); // a rebuild, the costly part to redo, is kept at once
        uncommitted = false;
      }
      indexed = since.head();
      publish.lock();
      try {
        unseen.addAll(keys); // searchable once a search refreshes the reader
      } finally {
        publish.unlock();
      }
      added.addAndGet(n);
      if (n > 0) {
        LOG.debug("indexed {} messages", n);
      }
      return n;
    } finally {
      pass.unlock();
    }
  }

  /** How many messages this instance has indexed so far. */
  int added() {
    return added.get();
  }

  /**
   * Runs a pass on the caller's thread, after the one under way if any: it sees the store at least
   * as new as the caller's view. False when that took longer than {@link #WAIT_MILLIS} or failed.
   */
  private boolean caughtUp() {
    try {
      if (!pass.tryLock(WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
        return false;
      }
      try {
        catchUp();
        return true;
      } finally {
        pass.unlock();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (IOException | RuntimeException e) {
      LOG.warn("indexing mail failed, scanning instead: {}", e.toString());
      return false;
    }
  }

  /**
   * Makes what is indexed searchable (a near-real-time reader; no commit): only when a search
   * needs it, so appends in a row cost one refresh, not one each.
   */
  private void refresh() throws IOException {
    publish.lock(); // a rebuild's clearing must not race with this
    try {
      if (!unseen.isEmpty()) {
        searchers.maybeRefreshBlocking();
        known.addAll(unseen); // only once the reader has them
        unseen = new ArrayList<>();
      }
    } finally {
      publish.unlock();
    }
  }

  private boolean covers(Collection<String> keys) {
    for (String k : keys) {
      if (!known.contains(k)) {
        return false;
      }
    }
    return true;
  }

  @Override
  public Optional<Set<String>> matching(String text, boolean whole, Collection<String> among) {
    QueryBuilder words = new QueryBuilder(analyzer);
    Query q = words.createPhraseQuery("body", text);
    if (q == null) {
      return Optional.empty();
    }
    if (whole) {
      BooleanQuery.Builder either = new BooleanQuery.Builder().add(q, BooleanClause.Occur.SHOULD);
      Query head = words.createPhraseQuery("head", text);
      if (head != null) {
        either.add(head, BooleanClause.Occur.SHOULD);
      }
      q = either.build();
    }
    try {
      if (!covers(among)) {
        refresh();
        if (!covers(among) && !(caughtUp() && refreshed() && covers(among))) {
          LOG.warn("the mail index is behind the store: scanning instead");
          return Optional.empty();
        }
      }
      IndexSearcher searcher = searchers.acquire();
      try {
        StoredFields fields = searcher.storedFields();
        Set<String> out = new HashSet<>();
        int max = Math.max(1, searcher.getIndexReader().maxDoc());
        for (ScoreDoc d : searcher.search(q, max).scoreDocs) {
          out.add(fields.document(d.doc).get("id"));
        }
        return Optional.of(out);
      } finally {
        searchers.release(searcher);
      }
    } catch (IOException | UncheckedIOException e) {
      LOG.warn("full-text search failed, scanning instead: {}", e.toString());
      return Optional.empty();
    }
  }

  private boolean refreshed() throws IOException {
    refresh();
    return true;
  }

  /**
   * The top-level header fields of a message by content key: from memory when this index has
   * seen it (indexing keeps them), else read from the store once and kept. Empty when the store
   * does not hold it.
   */
  @Override
  public Optional<List<HeaderField>> headers(String key) {
    List<HeaderField> h = headers.get(key);
    if (h != null) {
      return Optional.of(h);
    }
    Optional<byte[]> raw = store.message(key);
    if (raw.isEmpty()) {
      return Optional.empty();
    }
    h = MimePart.parse(raw.get()).fields();
    remember(key, h);
    return Optional.of(h);
  }

  private void remember(String key, List<HeaderField> fields) {
    if (headers.size() >= MAX_CACHED_HEADERS) {
      var it = headers.keySet().iterator();
      for (int i = 0; i < MAX_CACHED_HEADERS / 10 && it.hasNext(); i++) {
        it.next();
        it.remove();
      }
    }
    headers.put(key, List.copyOf(fields));
  }

  @Override
  public void close() {
    watch.close();
    lock.lock();
    try {
      closed = true;
      wake.signalAll();
    } finally {
      lock.unlock();
    }
    try {
      indexer.join(TimeUnit.SECONDS.toMillis(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    commit();
    try {
      searchers.close();
      writer.close();
    } catch (IOException e) {
      LOG.warn("closing the mail index: {}", e.toString());
    }
  }
}
