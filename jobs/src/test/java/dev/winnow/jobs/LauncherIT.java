package dev.winnow.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The {@code ./winnow} launcher itself, as a newcomer runs it: the module flags and classpath it builds, its
 * exit codes, and the JVM options it picks per command (read back with {@code -XX:+PrintCommandLineFlags}).
 */
class LauncherIT {
  private static final Path ROOT = Path.of(System.getProperty("winnow.root", "..")).toAbsolutePath().normalize();

  private record Run(int code, String out, String err) {
  }

  private static Run winnow(Map<String, String> env, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(ROOT.resolve("winnow").toString());
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(ROOT.toFile());
    pb.environment().remove("WINNOW_JAVA_OPTS");
    pb.environment().putAll(env);
    Path out = Files.createTempFile("winnow-launcher", ".out");
    Path err = Files.createTempFile("winnow-launcher", ".err");
    try {
      Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      assertTrue(p.waitFor(120, TimeUnit.SECONDS), "winnow " + String.join(" ", args) + " did not finish");
      return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  private static String flags(String... args) throws IOException, InterruptedException {
    return flagsWith("", args);
  }

  /** The JVM's flags as the launcher started it, with {@code userOpts} in WINNOW_JAVA_OPTS. */
  private static String flagsWith(String userOpts, String... args) throws IOException, InterruptedException {
    Run r = winnow(Map.of("WINNOW_JAVA_OPTS", (userOpts + " -XX:+PrintCommandLineFlags").strip()), args);
    assertEquals(0, r.code(), r.err());
    return r.out().lines().findFirst().orElse("");
  }

  @Test
  void listsTheScorers() throws Exception {
    Run r = winnow(Map.of(), "scorers");
    assertEquals(0, r.code(), r.err());
    for (String scorer : List.of("heuristics", "ngram")) {
      assertTrue(r.out().lines().anyMatch(l -> l.startsWith(scorer)), "no " + scorer + " in:\n" + r.out());
    }
  }

  @Test
  void badOptionsExitTwoWithOneLine() throws Exception {
    Run r = winnow(Map.of(), "score", "--input", ROOT.resolve("no-such-input.jsonl").toString(), "--output",
        ROOT.resolve("jobs/target/launcher-it-out").toString());
    assertEquals(2, r.code(), r.err());
    List<String> lines = r.err().lines().filter(l -> !l.startsWith("WARNING")).toList();
    assertEquals(1, lines.size(), r.err());
    assertTrue(lines.get(0).startsWith("winnow: "), lines.get(0));
  }

  @Test
  void picksTheCollectorAndCompilerPerCommand() throws Exception {
    assertTrue(flags("train-ngram", "--help").contains("-XX:+UseParallelGC"));
    assertTrue(flags("bench", "--runs", "2", "train-ngram", "--help").contains("-XX:+UseParallelGC"));
    String score = flags("score", "--help");
    assertFalse(score.contains("-XX:+UseParallelGC"), score);
    assertFalse(score.contains("TieredStopAtLevel"), score);
    assertTrue(flags("demo", "--help").contains("-XX:TieredStopAtLevel=1"));
    // a collector the user names wins, and the JVM is not given two
    String line = flagsWith("-XX:+UseG1GC", "train-ngram", "--help");
    assertTrue(line.contains("-XX:+UseG1GC") && !line.contains("-XX:+UseParallelGC"), line);
  }
}
