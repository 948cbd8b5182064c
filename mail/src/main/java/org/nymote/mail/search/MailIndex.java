package org.nymote.mail.search;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.QueryBuilder;
import org.nymote.mail.mime.MimePart;
import org.nymote.mail.mime.MimeText;
import org.nymote.mail.store.MailStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Lucene index of one user's messages, by content key: the decoded text parts ({@code body})
 * and those with the decoded header fields ({@code text}). The store is the truth: the index
 * records the commit it has indexed up to (in its commit data) and, before every search, catches
 * up by diffing the store from there; an index that is missing, unreadable or from another store
 * is rebuilt from all messages. Matching is by words, in order (a phrase query with Lucene's
 * standard analyzer), as full-text IMAP servers do; text without words falls back to scanning.
 * Thread-safe.
 */
public final class MailIndex implements TextSearch, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MailIndex.class);
  private static final String COMMIT = "nymote-commit";

  private final MailStore store;
  private final StandardAnalyzer analyzer = new StandardAnalyzer();
  private final IndexWriter writer;
  private Optional<String> indexed;
  private DirectoryReader reader;
  private final Map<String, Set<String>> cache = new HashMap<>();

  private MailIndex(MailStore store, IndexWriter writer, Optional<String> indexed)
      throws IOException {
    this.store = store;
    this.writer = writer;
    this.indexed = indexed;
    this.reader = DirectoryReader.open(writer);
  }

  /** Opens (or creates) the index of {@code store}'s mail in {@code dir}. */
  public static MailIndex open(MailStore store, Path dir) throws IOException {
    IndexWriter w = new IndexWriter(
        FSDirectory.open(dir),
        new IndexWriterConfig(new StandardAnalyzer())
            .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND));
    Optional<String> indexed = Optional.empty();
    for (Map.Entry<String, String> e : iterable(w.getLiveCommitData())) {
      if (e.getKey().equals(COMMIT)) {
        indexed = Optional.of(e.getValue());
      }
    }
    return new MailIndex(store, w, indexed);
  }

  private static Iterable<Map.Entry<String, String>> iterable(
      Iterable<Map.Entry<String, String>> data) {
    return data == null ? java.util.List.of() : data;
  }

  /** Indexes what the store holds beyond what was indexed; returns how many messages it added. */
  public synchronized int catchUp() throws IOException {
    MailStore.MessagesSince since = store.messagesSince(indexed);
    if (since.head().equals(indexed) && !since.complete()) {
      return 0;
    }
    if (since.complete()) {
      writer.deleteAll();
    }
    int n = 0;
    for (String key : since.added()) {
      Optional<byte[]> raw = store.message(key);
      if (raw.isEmpty()) {
        continue;
      }
      MimePart m = MimePart.parse(raw.get());
      Document d = new Document();
      d.add(new StringField("id", key, Field.Store.YES));
      d.add(new TextField("body", MimeText.body(m), Field.Store.NO));
      d.add(new TextField("text", MimeText.all(m), Field.Store.NO));
      writer.updateDocument(new Term("id", key), d);
      n++;
    }
    if (since.head().isPresent()) {
      writer.setLiveCommitData(Map.of(COMMIT, since.head().get()).entrySet());
    }
    writer.commit();
    indexed = since.head();
    DirectoryReader fresh = DirectoryReader.openIfChanged(reader, writer);
    if (fresh != null) {
      reader.close();
      reader = fresh;
    }
    cache.clear();
    if (n > 0) {
      LOG.debug("indexed {} messages", n);
    }
    return n;
  }

  /** The content keys of messages whose body (or, {@code whole}, any text) has the words. */
  @Override
  public synchronized Optional<Set<String>> matching(String text, boolean whole) {
    String field = whole ? "text" : "body";
    Query q = new QueryBuilder(analyzer).createPhraseQuery(field, text);
    if (q == null) {
      return Optional.empty();
    }
    try {
      catchUp();
      String cacheKey = field + "\0" + text;
      Set<String> hit = cache.get(cacheKey);
      if (hit != null) {
        return Optional.of(hit);
      }
      IndexSearcher searcher = new IndexSearcher(reader);
      StoredFields fields = searcher.storedFields();
      Set<String> out = new HashSet<>();
      for (ScoreDoc d : searcher.search(q, Math.max(1, reader.maxDoc())).scoreDocs) {
        out.add(fields.document(d.doc).get("id"));
      }
      if (cache.size() > 100) {
        cache.clear();
      }
      cache.put(cacheKey, out);
      return Optional.of(out);
    } catch (IOException | UncheckedIOException e) {
      LOG.warn("full-text search failed, scanning instead: {}", e.toString());
      return Optional.empty();
    }
  }

  @Override
  public synchronized void close() {
    try {
      reader.close();
      writer.close();
    } catch (IOException e) {
      LOG.warn("closing the mail index: {}", e.toString());
    }
  }
}
