package dev.winnow.scorers.ngram;

import dev.winnow.scorers.ConfigException;
import dev.winnow.scorers.ModelCache;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** N-gram models loaded once per JVM ({@link ModelCache}): ARPA files or Winnow's binary form. */
public final class NgramModels {
  private static final ModelCache<NgramModel> LOADED = new ModelCache<>();

  private NgramModels() {
  }

  public static NgramModel get(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new ConfigException("Cannot load n-gram model " + file + ": no such file");
    }
    return LOADED.get(file, p -> {
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
