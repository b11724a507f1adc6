package dev.winnow.scorers.ngram;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * Reads an ARPA file (plain or .gz), as KenLM's lmplz or Winnow's train-ngram writes it: the
 * {@code \data\} header with the count per order, then each {@code \n-grams:} section with
 * {@code log10prob <tab> words [<tab> log10backoff]}.
 */
public final class ArpaReader {
  private ArpaReader() {
  }

  /** One entry of an ARPA file: its order, words (oldest first; the array is reused), log10 prob and backoff. */
  @FunctionalInterface
  public interface EntryVisitor {
    void entry(int n, String[] words, float prob, float backoff) throws IOException;
  }

  public static NgramModel read(Path file) throws IOException {
    try (BufferedReader r = open(file)) {
      return read(r, file.toString());
    }
  }

  /**
   * Every entry of the file in file order, with the header, the sections and the count of each higher order
   * checked as {@link #read} checks them: for comparing a model's file with another's without loading it.
   * Returns the counts per order.
   */
  public static long[] forEachEntry(Path file, EntryVisitor visitor) throws IOException {
    try (BufferedReader r = open(file)) {
      return scan(r, file.toString(), counts -> { }, visitor);
    }
  }

  private static BufferedReader open(Path file) throws IOException {
    InputStream raw = Files.newInputStream(file);
    InputStream in = file.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw;
    return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
  }

  static NgramModel read(BufferedReader r, String name) throws IOException {
    // unigrams first: they define the vocabulary and its ids, and the model is made once they are all read
    Map<String, float[]> unigrams = new LinkedHashMap<>();
    long[][] header = new long[1][];
    NgramModel[] model = new NgramModel[1];
    int[][] ids = new int[1][];
    scan(r, name, counts -> header[0] = counts, (n, words, prob, backoff) -> {
      if (n == 1) {
        unigrams.put(words[0], new float[] {prob, backoff});
        return;
      }
      if (model[0] == null) {
        model[0] = withUnigrams(unigrams, header[0], name);
        ids[0] = new int[header[0].length];
      }
      NgramModel m = model[0];
      for (int w = 0; w < n; w++) {
        Integer id = m.ids.get(words[w]);
        if (id == null) {
          throw new IOException("Cannot read ARPA " + name + ": word '" + words[w] + "' of " + n + "-gram '"
              + String.join(" ", java.util.Arrays.copyOf(words, n)) + "' is not a unigram");
        }
        ids[0][n - 1 - w] = id; // newest first
      }
      m.put(n, NgramModel.key(ids[0], n), prob, backoff);
    });
    return model[0] != null ? model[0] : withUnigrams(unigrams, header[0], name);
  }

  private static NgramModel withUnigrams(Map<String, float[]> unigrams, long[] counts, String name) throws IOException {
    if (unigrams.size() != counts[0]) {
      throw new IOException("Cannot read ARPA " + name + ": header says " + counts[0] + " unigrams, found "
          + unigrams.size());
    }
    NgramModel m = new NgramModel(counts.length, unigrams.keySet().toArray(new String[0]), counts);
    int i = 0;
    for (float[] pb : unigrams.values()) {
      m.putUnigram(i++, pb[0], pb[1]);
    }
    return m;
  }

  /** The header's counts, to {@code header}, then every entry, section by section, to {@code visitor}. */
  private static long[] scan(BufferedReader r, String name, java.util.function.Consumer<long[]> header,
      EntryVisitor visitor) throws IOException {
    String line;
    while ((line = r.readLine()) != null && !line.trim().equals("\\data\\")) {
      // anything before \data\ is a comment
    }
    if (line == null) {
      throw new IOException("Cannot read ARPA " + name + ": no \\data\\ header");
    }
    List<Long> counts = new ArrayList<>();
    while ((line = r.readLine()) != null && !line.isBlank()) {
      String t = line.trim();
      if (!t.startsWith("ngram ")) {
        throw new IOException("Cannot read ARPA " + name + ": unexpected header line '" + t + "'");
      }
      int eq = t.indexOf('=');
      counts.add(Long.parseLong(t.substring(eq + 1).trim()));
    }
    int order = counts.size();
    long[] c = counts.stream().mapToLong(Long::longValue).toArray();
    header.accept(c);
    String[] fields = new String[order + 2];
    String[] words = new String[order];
    for (int n = 1; n <= order; n++) {
      expectSection(r, n, name);
      long seen = 0;
      while ((line = r.readLine()) != null && !line.isBlank()) {
        int k = split(line, fields);
        if (n == 1) {
          words[0] = fields[1];
          visitor.entry(1, words, Float.parseFloat(fields[0]), k == 3 ? Float.parseFloat(fields[2]) : 0f);
          continue;
        }
        if (k != n + 1 && k != n + 2) {
          throw new IOException("Cannot read ARPA " + name + ": bad " + n + "-gram line '" + line + "'");
        }
        System.arraycopy(fields, 1, words, 0, n);
        visitor.entry(n, words, Float.parseFloat(fields[0]), k == n + 2 ? Float.parseFloat(fields[n + 1]) : 0f);
        seen++;
      }
      if (n > 1 && seen != c[n - 1]) {
        throw new IOException("Cannot read ARPA " + name + ": header says " + c[n - 1] + " " + n + "-grams, found " + seen);
      }
    }
    return c;
  }

  private static void expectSection(BufferedReader r, int n, String name) throws IOException {
    String line;
    while ((line = r.readLine()) != null && line.isBlank()) {
      // blank lines between sections
    }
    if (line == null || !line.trim().equals("\\" + n + "-grams:")) {
      throw new IOException("Cannot read ARPA " + name + ": expected \\" + n + "-grams:, got '" + line + "'");
    }
  }

  /** Splits on tabs and spaces; returns the number of fields. */
  private static int split(String line, String[] out) {
    int k = 0;
    int start = -1;
    for (int i = 0; i <= line.length(); i++) {
      boolean sep = i == line.length() || line.charAt(i) == '\t' || line.charAt(i) == ' ';
      if (sep) {
        if (start >= 0) {
          if (k == out.length) {
            return k + 1;
          }
          out[k++] = line.substring(start, i);
          start = -1;
        }
      } else if (start < 0) {
        start = i;
      }
    }
    return k;
  }
}
