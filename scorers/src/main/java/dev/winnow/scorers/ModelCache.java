package dev.winnow.scorers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Models loaded once per JVM and shared by every task of an executor: a model is read-only after loading,
 * and loading it per task would cost seconds and a copy each time. Keyed by the model file's path, size and
 * modification time, so a model rewritten in place (retrained) is loaded afresh.
 */
public final class ModelCache<T> {
  private final Map<String, T> loaded = new ConcurrentHashMap<>();

  /** The model whose contents {@code file} holds, loaded by {@code loader} on first use. */
  public T get(Path file, Function<Path, T> loader) {
    Path p = file.toAbsolutePath().normalize();
    String key;
    try {
      key = p + "|" + Files.size(p) + "|" + Files.getLastModifiedTime(p).toMillis();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return loaded.computeIfAbsent(key, k -> loader.apply(p));
  }
}
