package dev.winnow.jobs.io;

import java.util.Locale;

/** Input formats, and the compression a text file carries (from its name). */
public enum InputFormat {
  JSONL,
  TEXT,
  PARQUET;

  public enum Compression { NONE, GZIP, BZIP2, ZSTD }

  public static Compression compressionOf(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    if (n.endsWith(".gz")) {
      return Compression.GZIP;
    }
    if (n.endsWith(".bz2")) {
      return Compression.BZIP2;
    }
    if (n.endsWith(".zst") || n.endsWith(".zstd")) {
      return Compression.ZSTD;
    }
    return Compression.NONE;
  }

  /** The format a file name implies, or null when it does not say. */
  public static InputFormat fromName(String name) {
    String n = name.toLowerCase(Locale.ROOT).replaceAll("\\.(gz|bz2|zst|zstd)$", "");
    if (n.endsWith(".jsonl") || n.endsWith(".json") || n.endsWith(".ndjson")) {
      return JSONL;
    }
    if (n.endsWith(".txt") || n.endsWith(".text")) {
      return TEXT;
    }
    if (n.endsWith(".parquet")) {
      return PARQUET;
    }
    return null;
  }

  /**
   * The default source: the file name without format/compression extensions, or for a Spark/Hadoop part
   * file ({@code part-00000-...}) the name of the directory holding it.
   */
  public static String sourceOf(String path) {
    String name = path.substring(path.lastIndexOf('/') + 1);
    if (name.startsWith("part-") && path.lastIndexOf('/') > 0) {
      String parent = path.substring(0, path.lastIndexOf('/'));
      name = parent.substring(parent.lastIndexOf('/') + 1);
    }
    String stripped = name.replaceAll("(?i)(\\.(jsonl|json|ndjson|txt|text|parquet))?(\\.(gz|bz2|zst|zstd))?$", "");
    return stripped.isEmpty() ? name : stripped;
  }
}
