package dev.winnow.scorers.heuristics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Word splitting as datatrove does it for English: spaCy's blank "en" tokenizer (whitespace, then
 * prefixes, suffixes, special cases, URLs and infixes), with whitespace tokens dropped.
 *
 * <p>Hand-written because the published Gopher, C4 and FineWeb thresholds are calibrated on spaCy's
 * token counts and no JVM library reproduces spaCy's rules; the character classes here follow spaCy's
 * {@code lang/punctuation.py}, {@code lang/char_classes.py} and {@code lang/en/punctuation.py}.
 * Character tests are hand-coded rather than regex alternations to keep it at millions of chars/s.
 */
public final class SpacyEnglishTokenizer {

  private static final String PUNCT = "…,:;!?¿؟¡()[]{}<>_#*&。？！，、；：～·।،۔؛٪";
  private static final String QUOTES = "'\"”“`‘´’‚,„»«「」『』（）〔〕【】《》〈〉〈〉⟦⟧";
  private static final String CURRENCY = "$£€¥฿₽﷼₴₠₡₢₣₤₥₦₧₨₩₪₫₭₮₯₰₱₲₳₵₶₷₸₹₺₻₼₾₿";
  private static final String PREFIX_ONLY = "§%=—–";
  private static final String[] UNITS = ("km km² km³ m m² m³ dm dm² dm³ cm cm² cm³ mm mm² mm³ ha µm nm yd in ft "
      + "kg g mg µg t lb oz m/s km/h kmh mph hPa Pa mbar mb MB kb KB gb GB tb TB T G M K % км км² км³ м м² м³ "
      + "дм дм² дм³ см см² см³ мм мм² мм³ нм кг г мг м/с км/ч кПа Па мбар Кб КБ кб Мб МБ мб Гб ГБ гб Тб ТБ тб")
      .split(" ");
  private static final java.util.Set<String> UNIT_SET = java.util.Set.of(UNITS);
  private static final int MAX_UNIT = 4;
  private static final String[] HYPHENS = {"---", "--", "——", "-", "–", "—", "~"};

  /** spaCy's URL_PATTERN: URLs and e-mail addresses stay one token. */
  private static final Pattern URL = Pattern.compile("^(?:(?:[\\w+\\-.]{2,})://)?(?:\\S+(?::\\S*)?@)?(?:"
      + "(?!(?:10|127)(?:\\.\\d{1,3}){3})(?!(?:169\\.254|192\\.168)(?:\\.\\d{1,3}){2})"
      + "(?!172\\.(?:1[6-9]|2\\d|3[0-1])(?:\\.\\d{1,3}){2})"
      + "(?:[1-9]\\d?|1\\d\\d|2[01]\\d|22[0-3])(?:\\.(?:1?\\d{1,2}|2[0-4]\\d|25[0-5])){2}"
      + "(?:\\.(?:[1-9]\\d?|1\\d\\d|2[0-4]\\d|25[0-4]))"
      + "|(?:(?:[A-Za-z0-9\\u00a1-\\uffff][A-Za-z0-9\\u00a1-\\uffff_-]{0,62})?[A-Za-z0-9\\u00a1-\\uffff]\\.)+"
      + "(?:\\p{Ll}{2,63}))(?::\\d{2,5})?(?:[/?#]\\S*)?$", Pattern.UNICODE_CHARACTER_CLASS);

  private static final Map<String, String[]> SPECIAL = SpacyExceptions.EXCEPTIONS;
  private static final StringShapes SPECIAL_SHAPES = new StringShapes(SPECIAL.keySet());

  private static String[] special(String s) {
    return SPECIAL_SHAPES.mayContain(s) ? SPECIAL.get(s) : null;
  }

  private static boolean isSpecial(String s) {
    return SPECIAL_SHAPES.mayContain(s) && SPECIAL.containsKey(s);
  }

  /** The non-whitespace tokens of {@code text}, in order. */
  public List<String> tokenize(String text) {
    List<String> out = new ArrayList<>(text.length() / 4 + 4);
    tokenizeInto(text, out);
    return out;
  }

  /** Appends the tokens of {@code text} to {@code out}. */
  public void tokenizeInto(String text, List<String> out) {
    int n = text.length();
    int i = 0;
    while (i < n) {
      if (isSpaceAt(text, i)) {
        i++;
        continue;
      }
      int start = i;
      while (i < n && !isSpaceAt(text, i)) {
        i++;
      }
      tokenizeChunk(text.substring(start, i), out);
    }
  }

  private void tokenizeChunk(String chunk, List<String> out) {
    if (isPlainWord(chunk)) {
      // letters only: no prefix, suffix or infix rule can apply, only a special case ("cannot", "dont")
      String[] special = special(chunk);
      if (special == null) {
        out.add(chunk);
      } else {
        addAll(out, special);
      }
      return;
    }
    String[] special = special(chunk);
    if (special != null) {
      addAll(out, special);
      return;
    }
    if (wordThenPunct(chunk, out)) {
      return;
    }
    List<String> prefixes = new ArrayList<>(2);
    List<String> suffixes = new ArrayList<>(2);
    String s = chunk;
    int lastSize = -1;
    while (!s.isEmpty() && s.length() != lastSize) {
      if (isSpecial(s)) {
        break;
      }
      lastSize = s.length();
      int pre = prefixLength(s);
      if (pre != 0) {
        String minusPre = s.substring(pre);
        if (!minusPre.isEmpty() && isSpecial(minusPre)) {
          prefixes.add(s.substring(0, pre));
          s = minusPre;
          break;
        }
      }
      int suf = suffixLength(s.substring(pre));
      if (suf != 0) {
        String minusSuf = s.substring(0, s.length() - suf);
        if (!minusSuf.isEmpty() && isSpecial(minusSuf)) {
          suffixes.add(s.substring(s.length() - suf));
          s = minusSuf;
          break;
        }
      }
      if (pre != 0 && suf != 0 && pre + suf <= s.length()) {
        prefixes.add(s.substring(0, pre));
        suffixes.add(s.substring(s.length() - suf));
        s = s.substring(pre, s.length() - suf);
      } else if (pre != 0) {
        prefixes.add(s.substring(0, pre));
        s = s.substring(pre);
      } else if (suf != 0) {
        suffixes.add(s.substring(s.length() - suf));
        s = s.substring(0, s.length() - suf);
      }
      if (!s.isEmpty() && isSpecial(s)) {
        break;
      }
    }
    out.addAll(prefixes);
    if (!s.isEmpty()) {
      special = special(s);
      if (special != null) {
        addAll(out, special);
      } else if (looksLikeUrl(s)) {
        out.add(s);
      } else {
        splitInfixes(s, out);
      }
    }
    for (int k = suffixes.size() - 1; k >= 0; k--) {
      out.add(suffixes.get(k));
    }
  }

  /**
   * The commonest chunk that is not a plain word: letters and one closing mark ("said," "end." "it)").
   * The general loop would split the mark as a suffix (a period only after a lower-case letter or two
   * capitals, as spaCy's lookbehind says) and find nothing else, since letters take no prefix, suffix or
   * infix; this gives the same tokens without the loop. Returns false for anything else.
   */
  private static boolean wordThenPunct(String chunk, List<String> out) {
    int n = chunk.length();
    if (n < 2) {
      return false;
    }
    char last = chunk.charAt(n - 1);
    if (",;:!?)\"'.".indexOf(last) < 0) {
      return false;
    }
    for (int i = 0; i < n - 1; i++) {
      char c = chunk.charAt(i);
      if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) {
        return false;
      }
    }
    if (last == '.') {
      char p = chunk.charAt(n - 2);
      boolean split = (p >= 'a' && p <= 'z')
          || (n >= 3 && p <= 'Z' && chunk.charAt(n - 3) >= 'A' && chunk.charAt(n - 3) <= 'Z');
      if (!split) {
        out.add(chunk);
        return true;
      }
    }
    String word = chunk.substring(0, n - 1);
    String[] special = special(word);
    if (special == null) {
      out.add(word);
    } else {
      addAll(out, special);
    }
    out.add(chunk.substring(n - 1));
    return true;
  }

  /** Whitespace never lies in the surrogate range, so a char test is exact. */
  private static boolean isSpaceAt(String s, int i) {
    char c = s.charAt(i);
    return c < 128 ? (c == ' ' || (c >= 9 && c <= 13) || (c >= 0x1c && c <= 0x1f)) : PyText.isSpace(c);
  }

  private static boolean isPlainWord(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) {
        return false;
      }
    }
    return true;
  }

  private static void addAll(List<String> out, String[] tokens) {
    for (String t : tokens) {
      if (!PyText.strip(t).isEmpty()) {
        out.add(t);
      }
    }
  }

  private static boolean looksLikeUrl(String s) {
    return s.indexOf('.') >= 0 && URL.matcher(s).matches();
  }

  // ---- prefixes: first alternative that matches at the start wins, as in Python's re.match

  static int prefixLength(String s) {
    char c = s.charAt(0);
    if (c == '.') {
      int run = dotRun(s, 0);
      return run >= 2 ? run : 0;
    }
    if (PREFIX_ONLY.indexOf(c) >= 0 || PUNCT.indexOf(c) >= 0 || QUOTES.indexOf(c) >= 0) {
      return 1;
    }
    if (c == '+') {
      return s.length() > 1 && isDigit(s.charAt(1)) ? 0 : 1;
    }
    if (CURRENCY.indexOf(c) >= 0) {
      return 1;
    }
    if (s.startsWith("US$")) {
      return 3;
    }
    if (s.startsWith("C$") || s.startsWith("A$")) {
      return 2;
    }
    int cp = s.codePointAt(0);
    return isIcon(cp) ? Character.charCount(cp) : 0;
  }

  // ---- suffixes: Python's re.search finds the leftmost start, i.e. the longest suffix that matches

  static int suffixLength(String s) {
    int n = s.length();
    if (n == 0) {
      return 0;
    }
    int best = 0;
    char last = s.charAt(n - 1);
    if (last == '.') {
      int run = 0;
      while (run < n && s.charAt(n - 1 - run) == '.') {
        run++;
      }
      if (run >= 2) {
        return run;
      }
      if (n >= 2 && periodSuffixAllowed(s, n - 1)) {
        best = 1;
      }
    }
    if (n >= 2 && s.endsWith("……")) {
      best = Math.max(best, 2);
    }
    if (n >= 2 && (s.endsWith("'s") || s.endsWith("'S") || s.endsWith("’s") || s.endsWith("’S"))) {
      best = Math.max(best, 2);
    }
    // a unit needs a digit right before it, so the only candidate is the tail after the last digit
    int digit = n - 1;
    while (digit >= 0 && n - 1 - digit <= MAX_UNIT && !isDigit(s.charAt(digit))) {
      digit--;
    }
    if (digit >= 0 && digit < n - 1 && isDigit(s.charAt(digit)) && n - 1 - digit > best
        && UNIT_SET.contains(s.substring(digit + 1))) {
      best = n - 1 - digit;
    }
    if (best == 0 && n >= 2 && CURRENCY.indexOf(last) >= 0 && isDigit(s.charAt(n - 2))) {
      best = 1;
    }
    if (best == 0 && n >= 3 && s.startsWith("$", n - 1) && isDigit(s.charAt(n - 3))
        && (s.startsWith("C$", n - 2) || s.startsWith("A$", n - 2))) {
      best = 2;
    }
    if (best == 0) {
      if (PUNCT.indexOf(last) >= 0 || QUOTES.indexOf(last) >= 0 || last == '—' || last == '–') {
        best = 1;
      } else if (last == '+' && n >= 2 && isDigit(s.charAt(n - 2))) {
        best = 1;
      } else {
        int cp = s.codePointBefore(n);
        if (isIcon(cp)) {
          best = Character.charCount(cp);
        }
      }
    }
    return best;
  }

  /** The lookbehinds that let a single final "." split off. */
  private static boolean periodSuffixAllowed(String s, int dot) {
    char p = s.charAt(dot - 1);
    if (isDigit(p) || Character.isLowerCase(p) || "%²-+".indexOf(p) >= 0 || PUNCT.indexOf(p) >= 0
        || QUOTES.indexOf(p) >= 0 || p == ' ' || p == '(' || p == '?' || p == ':' || p == ')') {
      return true;
    }
    if (dot >= 2 && Character.isUpperCase(p) && Character.isUpperCase(s.charAt(dot - 2))) {
      return true;
    }
    return dot >= 2 && "FfCcKk".indexOf(p) >= 0 && s.charAt(dot - 2) == '°';
  }

  // ---- infixes: scanned left to right without overlap, as Python's re.finditer does

  private static void splitInfixes(String s, List<String> out) {
    int n = s.length();
    int start = 0;
    int i = 0;
    while (i < n) {
      int len = infixAt(s, i);
      if (len == 0) {
        i += Character.charCount(s.codePointAt(i));
        continue;
      }
      if (i != start) {
        out.add(s.substring(start, i));
        out.add(s.substring(i, i + len));
        start = i + len;
      }
      i += len;
    }
    if (start < n) {
      out.add(s.substring(start));
    }
  }

  private static int infixAt(String s, int i) {
    int n = s.length();
    char c = s.charAt(i);
    if (c == '.' && i + 1 < n && s.charAt(i + 1) == '.') {
      return dotRun(s, i);
    }
    if (c == '…') {
      return 1;
    }
    int cp = s.codePointAt(i);
    if (isIcon(cp)) {
      return Character.charCount(cp);
    }
    if (i == 0 || i + 1 >= n) {
      return 0;
    }
    char prev = s.charAt(i - 1);
    char next = s.charAt(i + 1);
    if ("+-*^".indexOf(c) >= 0 && isDigit(prev) && (isDigit(next) || next == '-')) {
      return 1;
    }
    if (c == '.' && (Character.isLowerCase(prev) || QUOTES.indexOf(prev) >= 0)
        && (Character.isUpperCase(next) || QUOTES.indexOf(next) >= 0)) {
      return 1;
    }
    boolean prevAlpha = Character.isLetter(prev);
    if (c == ',' && prevAlpha && Character.isLetter(next)) {
      return 1;
    }
    if ((prevAlpha || isDigit(prev)) && (c == '-' || c == '–' || c == '—' || c == '~')) {
      for (String h : HYPHENS) {
        if (s.startsWith(h, i) && i + h.length() < n && Character.isLetter(s.charAt(i + h.length()))) {
          return h.length();
        }
      }
    }
    if ((prevAlpha || isDigit(prev)) && ":<>=/".indexOf(c) >= 0 && Character.isLetter(next)) {
      return 1;
    }
    return 0;
  }

  private static int dotRun(String s, int from) {
    int j = from;
    while (j < s.length() && s.charAt(j) == '.') {
      j++;
    }
    return j - from;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /** spaCy's LIST_ICONS: any "other symbol" but the degree sign. */
  private static boolean isIcon(int cp) {
    return cp > 127 && cp != '°' && Character.getType(cp) == Character.OTHER_SYMBOL;
  }
}
