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

  public static NgramModel read(Path file) throws IOException {
    try (InputStream raw = Files.newInputStream(file)) {
      InputStream in = file.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw;
      return read(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16), file.toString());
    }
  }

  static NgramModel read(BufferedReader r, String name) throws IOException {
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
    String[] fields = new String[order + 2];

    // unigrams first: they define the vocabulary and its ids
    expectSection(r, 1, name);
    Map<String, float[]> unigrams = new LinkedHashMap<>();
    while ((line = r.readLine()) != null && !line.isBlank()) {
      int k = split(line, fields);
      float backoff = k == 3 ? Float.parseFloat(fields[2]) : 0f;
      unigrams.put(fields[1], new float[] {Float.parseFloat(fields[0]), backoff});
    }
    if (unigrams.size() != c[0]) {
      throw new IOException("Cannot read ARPA " + name + ": header says " + c[0] + " unigrams, found " + unigrams.size());
    }
    NgramModel m = new NgramModel(order, unigrams.keySet().toArray(new String[0]), c);
    int[] ids = new int[order];
    int i = 0;
    for (float[] pb : unigrams.values()) {
      m.putUnigram(i++, pb[0], pb[1]);
    }
    for (int n = 2; n <= order; n++) {
      expectSection(r, n, name);
      long seen = 0;
      while ((line = r.readLine()) != null && !line.isBlank()) {
        int k = split(line, fields);
        if (k != n + 1 && k != n + 2) {
          throw new IOException("Cannot read ARPA " + name + ": bad " + n + "-gram line '" + line + "'");
        }
        for (int w = 0; w < n; w++) {
          Integer id = m.ids.get(fields[1 + w]);
          if (id == null) {
            throw new IOException("Cannot read ARPA " + name + ": word '" + fields[1 + w] + "' of '" + line
                + "' is not a unigram");
          }
          ids[n - 1 - w] = id; // newest first
        }
        m.put(n, NgramModel.key(ids, n), Float.parseFloat(fields[0]), k == n + 2 ? Float.parseFloat(fields[n + 1]) : 0f);
        seen++;
      }
      if (seen != c[n - 1]) {
        throw new IOException("Cannot read ARPA " + name + ": header says " + c[n - 1] + " " + n + "-grams, found " + seen);
      }
    }
    return m;
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
