package dev.chorus.knowledge.index;

import java.util.List;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.StopFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.en.EnglishPossessiveFilter;
import org.apache.lucene.analysis.en.PorterStemFilter;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;
import org.apache.lucene.analysis.standard.StandardTokenizer;

/**
 * The keyword side's analysis of facts and questions: standard tokens, lower case, accents folded,
 * English possessives and stems, and a stop list that also drops the words every chat question has
 * ("what", "when", "does", "you", "bot" …). Without them a question would match any fact that
 * happens to contain "what" or "you", and the keyword side would always claim to know something.
 */
public final class FactAnalyzer extends Analyzer {

  static final CharArraySet STOP =
      new CharArraySet(
          List.of(
              "a",
              "an",
              "and",
              "are",
              "as",
              "at",
              "be",
              "but",
              "by",
              "for",
              "if",
              "in",
              "into",
              "is",
              "it",
              "no",
              "not",
              "of",
              "on",
              "or",
              "such",
              "that",
              "the",
              "their",
              "then",
              "there",
              "these",
              "they",
              "this",
              "to",
              "was",
              "will",
              "with",
              "what",
              "whats",
              "when",
              "where",
              "who",
              "whom",
              "whose",
              "why",
              "which",
              "how",
              "does",
              "do",
              "did",
              "done",
              "doing",
              "can",
              "could",
              "would",
              "should",
              "shall",
              "may",
              "might",
              "must",
              "i",
              "me",
              "my",
              "mine",
              "you",
              "your",
              "yours",
              "we",
              "us",
              "our",
              "he",
              "him",
              "his",
              "she",
              "her",
              "hers",
              "its",
              "them",
              "am",
              "been",
              "being",
              "were",
              "has",
              "have",
              "had",
              "having",
              "any",
              "some",
              "about",
              "tell",
              "know",
              "anyone",
              "someone",
              "please",
              "hey",
              "hi",
              "hello",
              "so",
              "just",
              "also",
              "too",
              "very",
              "really",
              "bot",
              "ask",
              "question",
              "there's",
              "here",
              "from",
              "up",
              "out",
              "get",
              "got",
              "than",
              "thing",
              "things",
              "like",
              "much",
              "many",
              "one",
              "ones",
              "all"),
          true);

  @Override
  protected TokenStreamComponents createComponents(String fieldName) {
    StandardTokenizer source = new StandardTokenizer();
    TokenStream stream = new EnglishPossessiveFilter(source);
    stream = new LowerCaseFilter(stream);
    stream = new ASCIIFoldingFilter(stream);
    stream = new StopFilter(stream, STOP);
    stream = new PorterStemFilter(stream);
    return new TokenStreamComponents(source, stream);
  }

  @Override
  protected TokenStream normalize(String fieldName, TokenStream in) {
    return new ASCIIFoldingFilter(new LowerCaseFilter(in));
  }
}
