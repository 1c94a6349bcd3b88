package dev.aftermath.quality;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import opennlp.tools.postag.POSModel;
import opennlp.tools.postag.POSTaggerME;
import opennlp.tools.sentdetect.SentenceDetectorME;
import opennlp.tools.sentdetect.SentenceModel;
import opennlp.tools.tokenize.TokenizerME;
import opennlp.tools.tokenize.TokenizerModel;
import opennlp.tools.util.Span;

/**
 * Sentences, tokens, part-of-speech tags (Universal Dependencies tag set) and lemmas for the quality gate, from Apache
 * OpenNLP's English models shipped as Maven artifacts ({@code opennlp-models-*-en}, on the classpath; nothing is
 * downloaded). The models are loaded once per JVM ({@link #get()}, first called by the first quality check, not at
 * start-up); the OpenNLP tools are not thread-safe, so each thread gets its own, sharing the models.
 */
final class EnglishNlp {

    static final String SENTENCE_MODEL = "/opennlp-en-ud-ewt-sentence-1.1-2.4.0.bin";
    static final String TOKEN_MODEL = "/opennlp-en-ud-ewt-tokens-1.1-2.4.0.bin";
    static final String POS_MODEL = "/opennlp-en-ud-ewt-pos-1.1-2.4.0.bin";

    private static volatile EnglishNlp instance;

    private final ThreadLocal<SentenceDetectorME> sentences;
    private final ThreadLocal<TokenizerME> tokenizers;
    private final ThreadLocal<POSTaggerME> taggers;
    private final Lemmas lemmas;

    private EnglishNlp() {
        SentenceModel sentenceModel;
        TokenizerModel tokenModel;
        POSModel posModel;
        try {
            sentenceModel = new SentenceModel(open(SENTENCE_MODEL));
            tokenModel = new TokenizerModel(open(TOKEN_MODEL));
            posModel = new POSModel(open(POS_MODEL));
        } catch (IOException e) {
            throw new IllegalStateException("Cannot load the OpenNLP English models", e);
        }
        this.sentences = ThreadLocal.withInitial(() -> new SentenceDetectorME(sentenceModel));
        this.tokenizers = ThreadLocal.withInitial(() -> new TokenizerME(tokenModel));
        this.taggers = ThreadLocal.withInitial(() -> new POSTaggerME(posModel));
        this.lemmas = Lemmas.load();
    }

    /** The shared instance; loads the models on first use. */
    static EnglishNlp get() {
        EnglishNlp nlp = instance;
        if (nlp == null) {
            synchronized (EnglishNlp.class) {
                nlp = instance;
                if (nlp == null) {
                    nlp = new EnglishNlp();
                    instance = nlp;
                }
            }
        }
        return nlp;
    }

    private static InputStream open(String resource) {
        InputStream in = EnglishNlp.class.getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException("OpenNLP model " + resource + " is not on the classpath (opennlp-models-*-en)");
        }
        try (in) {
            return new java.io.ByteArrayInputStream(in.readAllBytes());
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read OpenNLP model " + resource, e);
        }
    }

    Lemmas lemmas() {
        return lemmas;
    }

    /** The sentences of a text: each line on its own, then OpenNLP's sentence detector. */
    List<String> sentences(String text) {
        List<String> out = new ArrayList<>();
        if (text == null) {
            return out;
        }
        SentenceDetectorME detector = sentences.get();
        for (String line : text.strip().split("\\s*[\\r\\n]+\\s*")) {
            if (line.isBlank()) {
                continue;
            }
            for (String s : detector.sentDetect(line)) {
                if (!s.isBlank()) {
                    out.add(s.strip());
                }
            }
        }
        return out;
    }

    /**
     * One sentence as tokens with tags and lemmas. Clitics are split off ({@code Anna's} → {@code Anna 's},
     * {@code didn't} → {@code did n't}) and pieces of one word re-joined ({@code mis-keyed}, {@code payments.yaml}).
     *
     * @param title an action-item title: its first word is tagged in lower case (imperatives are often mistaken for names)
     */
    Sentence analyse(String sentence, boolean title) {
        String key = (title ? "T:" : "S:") + sentence;
        Sentence known = analysed.get(key);
        if (known != null) {
            return known;
        }
        Sentence fresh = analyseNow(sentence, title);
        if (analysed.size() >= ANALYSED_MAX) {
            analysed.clear(); // a bound, not a policy: drafts are re-checked soon after they are written
        }
        analysed.put(key, fresh);
        return fresh;
    }

    /**
     * Sentences analysed lately: the draft and final quality checks, the task forms and the API read the same
     * sentences again (tagging is the costly part of a check). Sentences and tokens are immutable.
     */
    private final java.util.concurrent.ConcurrentHashMap<String, Sentence> analysed =
            new java.util.concurrent.ConcurrentHashMap<>();
    private static final int ANALYSED_MAX = 5_000;

    private Sentence analyseNow(String sentence, boolean title) {
        Span[] spans = tokenizers.get().tokenizePos(sentence);
        List<int[]> merged = new ArrayList<>();
        for (Span span : spans) {
            int[] last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (last != null && last[1] == span.getStart() && joins(sentence, last, span)) {
                last[1] = span.getEnd();
            } else {
                merged.add(new int[] {span.getStart(), span.getEnd()});
            }
        }
        List<String> words = new ArrayList<>();
        List<int[]> offsets = new ArrayList<>();
        for (int[] m : merged) {
            split(sentence, m[0], m[1], words, offsets);
        }
        String[] forTagging = words.toArray(String[]::new);
        if (title && forTagging.length > 0) {
            forTagging[0] = forTagging[0].toLowerCase(Locale.ROOT);
        }
        String[] tags = forTagging.length == 0 ? new String[0] : taggers.get().tag(forTagging);
        List<Token> tokens = new ArrayList<>(words.size());
        for (int i = 0; i < words.size(); i++) {
            String text = words.get(i);
            String lower = normaliseApostrophe(text.toLowerCase(Locale.ROOT));
            tokens.add(new Token(i, text, lower, tags[i], offsets.get(i)[0], offsets.get(i)[1], List.copyOf(lemmas.candidates(lower))));
        }
        return new Sentence(sentence, List.copyOf(tokens));
    }

    /** Whether the next token continues the previous one (no space between, joined by - . _ / :). */
    private static boolean joins(String s, int[] last, Span next) {
        char before = s.charAt(last[1] - 1);
        char first = s.charAt(next.getStart());
        boolean nextWordy = next.getEnd() - next.getStart() > 1 || Character.isLetterOrDigit(first);
        if (first == '-' && next.getEnd() - next.getStart() == 1 && Character.isLetterOrDigit(before)
                && next.getEnd() < s.length() && Character.isLetterOrDigit(s.charAt(next.getEnd()))) {
            return true; // "fat" "-" "finger"
        }
        if ("-_/".indexOf(first) >= 0 && nextWordy && next.getEnd() - next.getStart() > 1) {
            return Character.isLetterOrDigit(before);
        }
        if ((first == '.' || first == ':') && next.getEnd() - next.getStart() > 1
                && Character.isLetterOrDigit(s.charAt(next.getStart() + 1))) {
            return Character.isLetterOrDigit(before);
        }
        if ("-_/".indexOf(before) >= 0 && last[1] - last[0] > 1 && Character.isLetterOrDigit(first)) {
            return true;
        }
        return false;
    }

    private static void split(String s, int start, int end, List<String> words, List<int[]> offsets) {
        String w = s.substring(start, end);
        String lw = normaliseApostrophe(w.toLowerCase(Locale.ROOT));
        int cut = -1;
        if (lw.length() > 3 && lw.endsWith("n't")) {
            cut = end - 3;
        } else if (lw.length() > 2 && (lw.endsWith("'s") || lw.endsWith("'ve") || lw.endsWith("'ll") || lw.endsWith("'re")
                || lw.endsWith("'m"))) {
            cut = start + lw.lastIndexOf('\'');
        } else if (lw.length() > 2 && lw.endsWith("s'")) {
            cut = end - 1;
        }
        if (cut > start) {
            String base = s.substring(start, cut);
            String lb = base.toLowerCase(Locale.ROOT);
            words.add(lb.equals("ca") ? "can" : lb.equals("wo") ? "will" : lb.equals("sha") ? "shall" : base);
            offsets.add(new int[] {start, cut});
            words.add(s.substring(cut, end));
            offsets.add(new int[] {cut, end});
        } else {
            words.add(w);
            offsets.add(new int[] {start, end});
        }
    }

    static String normaliseApostrophe(String s) {
        return s.indexOf('’') >= 0 || s.indexOf('‘') >= 0 ? s.replace('’', '\'').replace('‘', '\'') : s;
    }

    /** One token: its text, lower-case form, UD tag, character span and lemma candidates (the first is the lemma). */
    record Token(int index, String text, String lower, String tag, int start, int end, List<String> lemmas) {

        String lemma() {
            return lemmas.get(0);
        }

        boolean isWord() {
            return !text.isEmpty() && Character.isLetterOrDigit(text.charAt(0)) || text.startsWith("@");
        }

        boolean is(String tagName) {
            return tag.equals(tagName);
        }
    }

    /** A sentence's text and tokens. */
    record Sentence(String text, List<Token> tokens) {

        int size() {
            return tokens.size();
        }

        Token at(int i) {
            return tokens.get(i);
        }

        String lower(int i) {
            return i >= 0 && i < tokens.size() ? tokens.get(i).lower() : "";
        }
    }
}
