package dev.winnow.scorers;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Assumptions;

/**
 * The real corpora in ../shared/data. A user's clone has none: tests that need it are skipped with a
 * visible message, except under CI=true, where the data is always present and its absence is a failure.
 */
public final class SharedData {
  private static final ObjectMapper JSON = new ObjectMapper();

  private SharedData() {
  }

  public static Path root() {
    String configured = System.getProperty("winnow.shared.data");
    return Paths.get(configured != null ? configured : "../shared/data").toAbsolutePath().normalize();
  }

  /** The file, or the test is skipped (failed under CI=true) when ../shared/data is not there. */
  public static Path require(String relative) {
    Path p = root().resolve(relative);
    if (!Files.exists(p)) {
      String message = "shared data missing: " + p + " (tests that read ../shared/data are skipped without it)";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail(message + "; CI=true requires it");
      }
      System.err.println("SKIPPED: " + message);
      Assumptions.abort(message);
    }
    return p;
  }

  /** Every JSON object of a .jsonl.gz file, in order. */
  public static List<JsonNode> readJsonl(Path gz) throws IOException {
    List<JsonNode> out = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(
        new GZIPInputStream(Files.newInputStream(gz)), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        if (!line.isBlank()) {
          out.add(JSON.readTree(line));
        }
      }
    }
    return out;
  }
}
