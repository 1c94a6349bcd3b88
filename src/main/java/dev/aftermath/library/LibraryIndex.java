package dev.aftermath.library;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.en.EnglishPossessiveFilter;
import org.apache.lucene.analysis.en.PorterStemFilter;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.IndexOptions;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.queries.mlt.MoreLikeThis;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.DisjunctionMaxQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The library's full-text index: one per node (Apache Lucene, in memory or under {@code aftermath.search.index-path}),
 * rebuilt from the tables in the background at start; until it is built the library searches with SQL.
 *
 * <p>Freshness: before each search the index compares a cheap fingerprint of the published post-mortems (count, last
 * {@code updated_at}, how many have their search columns) with the one it indexed; when it differs, it re-reads the
 * rows at or after its high-water mark of {@code updated_at}, and rebuilds when the counts still disagree (an
 * unpublished post-mortem, a clock moved back). So a publication on any node of a cluster is found by every node's
 * next search, without messages between nodes.
 *
 * <p>Ranking: BM25; the words of a query must all occur (in any field); each word scores by its best field (title
 * 3, service and symptom 2, root cause 1.5, summary and lessons 1), so a title match beats a passing mention, and
 * equal scores go to the newest incident. Norms are omitted (short fields), so length does not reorder equal matches.
 * English analysis: possessives, lower case, Porter stemming ("timeouts" finds "timeout"); stop words are kept, so
 * every word of the query counts.
 *
 * <p>The index holds no access decisions: who may see what is read from the tables on each search (see
 * {@link LibraryService}), after ranking.
 */
@Component
public class LibraryIndex {

    private static final Logger log = LoggerFactory.getLogger(LibraryIndex.class);

    static final String ID = "id";
    static final String TITLE = "title";
    static final String SUMMARY = "summary";
    static final String ROOT_CAUSE = "rootCause";
    static final String LESSONS = "lessons";
    static final String SERVICE = "service";
    static final String SYMPTOM = "symptom";
    static final String SERVICE_KEY = "serviceKey";
    static final String SYMPTOM_KEY = "symptomKey";
    static final String DATE = "date";
    /** Text fields and their boosts. */
    static final Map<String, Float> BOOSTS = Map.of(TITLE, 3f, SERVICE, 2f, SYMPTOM, 2f, ROOT_CAUSE, 1.5f,
            SUMMARY, 1f, LESSONS, 1f);

    private static final FieldType TEXT = new FieldType();

    static {
        TEXT.setTokenized(true);
        TEXT.setStored(true);
        TEXT.setOmitNorms(true);
        TEXT.setIndexOptions(IndexOptions.DOCS_AND_FREQS_AND_POSITIONS);
        TEXT.freeze();
    }

    private static final String ROWS = """
            select p.incident_id, i.title, i.service, i.severity, i.symptom, p.cause_category, p.summary, p.root_cause, p.document, p.updated_at,
                   coalesce(i.started_at, i.resolved_at) as incident_date
              from am_postmortem p join am_incident i on i.id = p.incident_id
             where p.status = 'PUBLISHED'""";
    private static final String FINGERPRINT = """
            select count(*) as n, max(p.updated_at) as last_update, count(p.summary) + count(p.root_cause) as texts
              from am_postmortem p where p.status = 'PUBLISHED'""";

    /** What one search needs of a hit besides its score: the filter values (kept beside the index). */
    record Meta(String incidentId, String serviceKey, String severity, String causeCategory, long dateMillis) {
    }

    /** A hit, best first. */
    record Hit(String incidentId, float score, long dateMillis) {
    }

    private record Fingerprint(long count, OffsetDateTime lastUpdate, long texts) {
    }

    private final JdbcClient jdbc;
    private final ObjectMapper json;
    private final boolean enabled;
    private final String indexPath;
    private final Analyzer analyzer = new EnglishText();
    private final AtomicBoolean ready = new AtomicBoolean();
    private final Object lock = new Object();

    private Directory directory;
    private IndexWriter writer;
    private volatile SearcherManager searchers;
    private final Map<String, Meta> metas = new HashMap<>();
    private Fingerprint indexed;
    private OffsetDateTime highWater;

    public LibraryIndex(JdbcClient jdbc, ObjectMapper json,
                        @Value("${aftermath.search.enabled:true}") boolean enabled,
                        @Value("${aftermath.search.index-path:}") String indexPath,
                        org.springframework.beans.factory.ObjectProvider<io.micrometer.core.instrument.MeterRegistry> meters) {
        this.jdbc = jdbc;
        this.json = json;
        this.enabled = enabled;
        this.indexPath = indexPath;
        // 1 once searches run on the index (the benchmark waits for it), and how many post-mortems it holds
        meters.ifAvailable(registry -> {
            io.micrometer.core.instrument.Gauge.builder("aftermath.library.index.ready", () -> ready() ? 1 : 0)
                    .description("Whether the library searches on its full-text index (else on SQL)")
                    .register(registry);
            io.micrometer.core.instrument.Gauge.builder("aftermath.library.index.documents", this::size)
                    .description("Published post-mortems in this node's library index").register(registry);
        });
    }

    private int size() {
        synchronized (lock) {
            return metas.size();
        }
    }

    /** Builds the index in the background: the application answers (health included) without waiting for it. */
    @EventListener(ApplicationReadyEvent.class)
    public void buildInBackground() {
        if (!enabled) {
            return;
        }
        Thread builder = new Thread(() -> {
            try {
                synchronized (lock) {
                    open();
                    rebuild();
                }
                ready.set(true);
                log.info("Library index built: {} published post-mortems", metas.size());
            } catch (RuntimeException | IOException e) {
                log.warn("Library index not built; the library searches with SQL", e);
            }
        }, "library-index");
        builder.setDaemon(true);
        builder.start();
    }

    /** Whether searches run on the index (else on SQL). */
    public boolean ready() {
        return ready.get();
    }

    /** Brings the index up to the table when the published post-mortems changed (any node's publication). */
    void refresh() {
        Fingerprint now = jdbc.sql(FINGERPRINT).query((rs, row) -> new Fingerprint(rs.getLong("n"),
                rs.getObject("last_update", OffsetDateTime.class), rs.getLong("texts"))).single();
        synchronized (lock) {
            if (now.equals(indexed)) {
                return;
            }
            try {
                List<Row> changed = highWater == null ? List.of()
                        : jdbc.sql(ROWS + " and p.updated_at >= ?").param(highWater).query(this::row).list();
                for (Row r : changed) {
                    writer.updateDocument(new Term(ID, r.id()), document(r));
                    metas.put(r.id(), meta(r));
                    highWater = max(highWater, r.updatedAt());
                }
                if (metas.size() != now.count() || highWater == null) {
                    rebuild();
                } else {
                    writer.commit();
                    reopen();
                    indexed = now;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Every published post-mortem matching all words of {@code text}, best first (ties: newest first). */
    List<Hit> search(String text) {
        refresh();
        List<String> words = analyze(text);
        if (words.isEmpty()) {
            return List.of();
        }
        BooleanQuery.Builder all = new BooleanQuery.Builder();
        for (String word : new LinkedHashSet<>(words)) {
            List<Query> fields = new ArrayList<>();
            BOOSTS.forEach((field, boost) -> fields.add(new BoostQuery(new TermQuery(new Term(field, word)), boost)));
            all.add(new DisjunctionMaxQuery(fields, 0f), BooleanClause.Occur.MUST);
        }
        return hits(all.build());
    }

    /** Earlier published post-mortems of the same service or symptom, newest first. */
    List<Hit> related(String incidentId, String service, String symptom, long beforeMillis) {
        refresh();
        BooleanQuery.Builder same = new BooleanQuery.Builder();
        if (service != null && !service.isBlank()) {
            same.add(new TermQuery(new Term(SERVICE_KEY, key(service))), BooleanClause.Occur.SHOULD);
        }
        if (symptom != null && !symptom.isBlank()) {
            same.add(new TermQuery(new Term(SYMPTOM_KEY, key(symptom))), BooleanClause.Occur.SHOULD);
        }
        Query query = new BooleanQuery.Builder().add(same.setMinimumNumberShouldMatch(1).build(), BooleanClause.Occur.MUST)
                .add(LongPoint.newRangeQuery(DATE, Long.MIN_VALUE, beforeMillis - 1), BooleanClause.Occur.FILTER)
                .add(new TermQuery(new Term(ID, incidentId)), BooleanClause.Occur.MUST_NOT).build();
        return hits(query).stream().sorted(Comparator.comparingLong(Hit::dateMillis).reversed()
                .thenComparing(Hit::incidentId)).toList();
    }

    /**
     * Earlier published post-mortems whose root cause and summary read like this one's (MoreLikeThis), most similar
     * first.
     */
    List<Hit> similar(String incidentId, long beforeMillis) {
        refresh();
        SearcherManager manager = searchers;
        IndexSearcher searcher = null;
        try {
            searcher = manager.acquire();
            var own = searcher.search(new TermQuery(new Term(ID, incidentId)), 1);
            if (own.scoreDocs.length == 0) {
                return List.of();
            }
            MoreLikeThis mlt = new MoreLikeThis(searcher.getIndexReader());
            mlt.setAnalyzer(analyzer);
            mlt.setFieldNames(new String[] {ROOT_CAUSE, SUMMARY});
            mlt.setMinTermFreq(1);
            mlt.setMinDocFreq(1);
            mlt.setMinWordLen(3);
            mlt.setBoost(true);
            mlt.setStopWords(org.apache.lucene.analysis.en.EnglishAnalyzer.ENGLISH_STOP_WORDS_SET);
            Query like = mlt.like(own.scoreDocs[0].doc);
            Query query = new BooleanQuery.Builder().add(like, BooleanClause.Occur.MUST)
                    .add(LongPoint.newRangeQuery(DATE, Long.MIN_VALUE, beforeMillis - 1), BooleanClause.Occur.FILTER)
                    .add(new TermQuery(new Term(ID, incidentId)), BooleanClause.Occur.MUST_NOT).build();
            return hits(query, searcher);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            release(manager, searcher);
        }
    }

    /** The filter values of an indexed post-mortem. */
    Meta meta(String incidentId) {
        synchronized (lock) {
            return metas.get(incidentId);
        }
    }

    private List<Hit> hits(Query query) {
        SearcherManager manager = searchers;
        IndexSearcher searcher = null;
        try {
            searcher = manager.acquire();
            return hits(query, searcher);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            release(manager, searcher);
        }
    }

    /** Searchers are reference-counted: a reader replaced by a refresh closes when its last search releases it. */
    private static void release(SearcherManager manager, IndexSearcher searcher) {
        if (searcher != null) {
            try {
                manager.release(searcher);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private List<Hit> hits(Query query, IndexSearcher searcher) {
        int maxDoc = searcher.getIndexReader().maxDoc();
        if (maxDoc == 0) {
            return List.of();
        }
        try {
            ScoreDoc[] docs = searcher.search(query, maxDoc).scoreDocs;
            List<Hit> hits = new ArrayList<>(docs.length);
            var stored = searcher.storedFields();
            for (ScoreDoc d : docs) {
                Document doc = stored.document(d.doc, Set.of(ID, DATE));
                hits.add(new Hit(doc.get(ID), d.score, doc.getField(DATE).numericValue().longValue()));
            }
            hits.sort(Comparator.comparing(Hit::score, Comparator.reverseOrder())
                    .thenComparing(Hit::dateMillis, Comparator.reverseOrder()).thenComparing(Hit::incidentId));
            return hits;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void open() throws IOException {
        if (writer != null) {
            return;
        }
        if (indexPath == null || indexPath.isBlank()) {
            directory = new ByteBuffersDirectory();
        } else {
            Path path = Path.of(indexPath);
            Files.createDirectories(path);
            directory = FSDirectory.open(path);
        }
        writer = new IndexWriter(directory, new IndexWriterConfig(analyzer)
                .setOpenMode(IndexWriterConfig.OpenMode.CREATE));
    }

    private void rebuild() throws IOException {
        Fingerprint before = jdbc.sql(FINGERPRINT).query((rs, row) -> new Fingerprint(rs.getLong("n"),
                rs.getObject("last_update", OffsetDateTime.class), rs.getLong("texts"))).single();
        writer.deleteAll();
        metas.clear();
        highWater = null;
        for (Row r : jdbc.sql(ROWS).query(this::row).list()) {
            writer.addDocument(document(r));
            metas.put(r.id(), meta(r));
            highWater = max(highWater, r.updatedAt());
        }
        writer.commit();
        reopen();
        indexed = before;
    }

    private void reopen() throws IOException {
        if (searchers == null) {
            searchers = new SearcherManager(writer, null);
        } else {
            searchers.maybeRefreshBlocking();
        }
    }

    private record Row(String id, String title, String service, String severity, String symptom, String causeCategory,
                       String summary, String rootCause,
                       String lessons, OffsetDateTime updatedAt, long dateMillis) {
    }

    private Row row(ResultSet rs, int n) throws SQLException {
        OffsetDateTime date = rs.getObject("incident_date", OffsetDateTime.class);
        return new Row(rs.getString("incident_id"), rs.getString("title"), rs.getString("service"),
                rs.getString("severity"), rs.getString("symptom"), rs.getString("cause_category"), rs.getString("summary"), rs.getString("root_cause"),
                lessons(rs.getString("document")), rs.getObject("updated_at", OffsetDateTime.class),
                date == null ? 0L : date.toInstant().toEpochMilli());
    }

    private String lessons(String document) {
        if (document == null) {
            return null;
        }
        try {
            JsonNode lessons = json.readTree(document).get("lessonsLearned");
            return lessons == null || lessons.isNull() ? null : lessons.isTextual() ? lessons.asText() : lessons.toString();
        } catch (IOException e) {
            return null;
        }
    }

    private static Document document(Row r) {
        Document doc = new Document();
        doc.add(new StringField(ID, r.id(), Field.Store.YES));
        text(doc, TITLE, r.title());
        text(doc, SERVICE, r.service());
        text(doc, SYMPTOM, r.symptom());
        text(doc, SUMMARY, r.summary());
        text(doc, ROOT_CAUSE, r.rootCause());
        text(doc, LESSONS, r.lessons());
        if (r.service() != null) {
            doc.add(new StringField(SERVICE_KEY, key(r.service()), Field.Store.NO));
        }
        if (r.symptom() != null) {
            doc.add(new StringField(SYMPTOM_KEY, key(r.symptom()), Field.Store.NO));
        }
        doc.add(new LongPoint(DATE, r.dateMillis()));
        doc.add(new StoredField(DATE, r.dateMillis()));
        return doc;
    }

    private static void text(Document doc, String field, String value) {
        if (value != null && !value.isBlank()) {
            doc.add(new Field(field, value, TEXT));
        }
    }

    private static Meta meta(Row r) {
        return new Meta(r.id(), r.service() == null ? null : key(r.service()), r.severity(), r.causeCategory(),
                r.dateMillis());
    }

    static String key(String value) {
        return value.toLowerCase(Locale.ROOT);
    }

    private static OffsetDateTime max(OffsetDateTime a, OffsetDateTime b) {
        if (a == null) {
            return b;
        }
        return b == null || !b.isAfter(a) ? a : b;
    }

    List<String> analyze(String text) {
        List<String> words = new ArrayList<>();
        if (text == null) {
            return words;
        }
        try (TokenStream tokens = analyzer.tokenStream(TITLE, new StringReader(text))) {
            CharTermAttribute term = tokens.addAttribute(CharTermAttribute.class);
            tokens.reset();
            while (tokens.incrementToken()) {
                words.add(term.toString());
            }
            tokens.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return words;
    }

    /** Standard tokens, English possessives, lower case, Porter stemming; no stop words removed. */
    static final class EnglishText extends Analyzer {
        @Override
        protected TokenStreamComponents createComponents(String fieldName) {
            StandardTokenizer source = new StandardTokenizer();
            TokenStream result = new EnglishPossessiveFilter(source);
            result = new LowerCaseFilter(result);
            result = new PorterStemFilter(result);
            return new TokenStreamComponents(source, result);
        }

        @Override
        protected TokenStream normalize(String fieldName, TokenStream in) {
            return new LowerCaseFilter(in);
        }
    }
}
