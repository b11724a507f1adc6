package dev.winnow.scorers.ngram;

import dev.winnow.scorers.ConfigException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Models loaded once per JVM and shared by every task of an executor: a model is read-only after loading,
 * and loading the same file per task would cost seconds and a copy of the tables each time. Keyed by the
 * file's path, size and modification time, so a rewritten model file is loaded afresh.
 */
public final class NgramModels {
  private static final Map<String, NgramModel> LOADED = new ConcurrentHashMap<>();

  private NgramModels() {
  }

  public static NgramModel get(Path file) {
    Path p = file.toAbsolutePath().normalize();
    if (!Files.isRegularFile(p)) {
      throw new ConfigException("Cannot load n-gram model " + file + ": no such file");
    }
    String key;
    try {
      key = p + "|" + Files.size(p) + "|" + Files.getLastModifiedTime(p).toMillis();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return LOADED.computeIfAbsent(key, k -> {
      try {
        if (p.getFileName().toString().endsWith(".wngram")) {
          try (var in = new java.io.BufferedInputStream(Files.newInputStream(p), 1 << 16)) {
            return NgramBinary.read(in);
          }
        }
        return ArpaReader.read(p);
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot load n-gram model " + file + ": " + e.getMessage(), e);
      }
    });
  }
}
