package dev.winnow.scorers.heuristics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Token boundaries that spaCy's blank English tokenizer produces for the same strings. */
class SpacyEnglishTokenizerTest {
  private final SpacyEnglishTokenizer tokenizer = new SpacyEnglishTokenizer();

  private void check(String text, String... expected) {
    assertEquals(List.of(expected), tokenizer.tokenize(text), text);
  }

  @Test
  void contractionsAndPossessives() {
    check("Don't stop, it's John's car!", "Do", "n't", "stop", ",", "it", "'s", "John", "'s", "car", "!");
    check("I'm sure they'll come; we can't.", "I", "'m", "sure", "they", "'ll", "come", ";", "we", "ca", "n't", ".");
  }

  @Test
  void abbreviationsKeepTheirPeriod() {
    check("Mr. Smith met Dr. Jones at 5 p.m. in the U.S. today.",
        "Mr.", "Smith", "met", "Dr.", "Jones", "at", "5", "p.m.", "in", "the", "U.S.", "today", ".");
  }

  @Test
  void currencyUnitsAndPercent() {
    check("It costs $10.50, about 50% of 10km.", "It", "costs", "$", "10.50", ",", "about", "50", "%", "of", "10",
        "km", ".");
  }

  @Test
  void infixesHyphensEllipsesAndUrls() {
    check("A well-known e-mail: see http://x.org/a/b).", "A", "well", "-", "known", "e", "-", "mail", ":", "see",
        "http://x.org/a/b", ")", ".");
    check("Wait...what? 3-4 times", "Wait", "...", "what", "?", "3", "-", "4", "times");
    check("(\"Quoted\")", "(", "\"", "Quoted", "\"", ")");
  }

  @Test
  void whitespaceOfEveryKindSeparatesAndDisappears() {
    check(" tab\there\u00a0nbsp \n\n new line ", "tab", "here", "nbsp", "new", "line");
  }

  @Test
  void sentencesFollowSpacySentencizer() {
    assertEquals(3, Sentencizer.count(tokenizer.tokenize("Hello world. This is Mr. Smith. Bye!")));
    assertEquals(2, Sentencizer.count(tokenizer.tokenize("He said \"stop.\" Then he left")));
    assertEquals(1, Sentencizer.count(tokenizer.tokenize("Wait... what")));
    assertEquals(0, Sentencizer.count(List.of()));
  }
}
