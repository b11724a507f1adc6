package dev.winnow.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.winnow.scorers.Document;
import dev.winnow.scorers.ScorerConfig;
import dev.winnow.scorers.heuristics.HeuristicsScorer;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Scala 2.13 REPL session (the interpreter spark-shell is built on, with the shaded jar and Spark's jars on
 * its class path) runs the README's session: score a DataFrame with {@code ScorerTransformer}, run the score
 * and sweep jobs as a library, print the results. The printed figures are checked against the scorer run
 * in-process here.
 *
 * <p>Spark's own shell class, {@code org.apache.spark.repl.Main} from {@code spark-repl_2.13}, is not in the
 * Maven repository this project builds from for Spark 4.x (3.5.3 is, and is binary-incompatible with 4.1), so
 * the session runs on the plain Scala REPL with the SparkSession created in the script's first lines, which is
 * what spark-shell's {@code initializeSpark} does.
 */
class ScalaShellIT extends SparkTestBase {
  private static final Pattern VALUE = Pattern.compile("^(SCORED|MEAN_QUALITY|KEPT)=(\\S+)$", Pattern.MULTILINE);

  @TempDir
  Path tmp;

  @Test
  void scalaShellSessionScoresAndSweeps() throws Exception {
    Path root = Path.of(System.getProperty("winnow.root", "..")).toAbsolutePath().normalize();
    String sample = root.resolve("data/sample").toString();
    String script = Files.readString(root.resolve("jobs/src/test/resources/shell-session.scala"))
        .replace("DATA", sample).replace("OUT", tmp.toString());
    Path scriptFile = tmp.resolve("session.scala");
    Files.writeString(scriptFile, script + "\n:quit\n");

    // the REPL's own jars come from this test's class path (scala-compiler is a test dependency)
    List<String> replJars = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(p -> p.contains("scala-compiler") || p.contains("scala-reflect") || p.contains("jline")
            || p.contains("java-diff-utils") || p.contains("/jna/"))
        .collect(Collectors.toList());
    String classPath = String.join(File.pathSeparator, root.resolve("jobs/target/winnow.jar").toString(),
        Files.readString(root.resolve("jobs/target/spark-classpath.txt")).trim(), String.join(File.pathSeparator, replJars));
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(List.of(System.getProperty("spark.module.flags").trim().split("\\s+")));
    cmd.addAll(List.of("-Xmx2g", "-Dscala.usejavacp=true", "-cp", classPath, "scala.tools.nsc.MainGenericRunner",
        "-usejavacp", "-nc"));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectInput(scriptFile.toFile()).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(300, TimeUnit.SECONDS), "the shell did not exit");
    assertEquals(0, p.exitValue(), out);
    System.out.println(out.lines().filter(l -> VALUE.matcher(l).matches()).collect(Collectors.joining(", ", "shell printed: ", "")));

    java.util.Map<String, String> printed = new java.util.HashMap<>();
    Matcher m = VALUE.matcher(out);
    while (m.find()) {
      printed.put(m.group(1), m.group(2));
    }
    assertEquals(3, printed.size(), "expected SCORED, MEAN_QUALITY and KEPT in:\n" + out);

    // the same texts scored in-process here
    List<Row> rows = spark.read().option("pathGlobFilter", "*.jsonl.gz").json(sample).select("id", "source", "text")
        .collectAsList();
    List<Document> docs = new ArrayList<>();
    rows.forEach(r -> docs.add(new Document(r.getString(0), r.getString(1), r.getString(2))));
    HeuristicsScorer scorer = new HeuristicsScorer();
    scorer.configure(ScorerConfig.resolve(scorer.name(), scorer.params(), java.util.Map.of()));
    int quality = scorer.columns().stream().map(c -> c.name()).collect(Collectors.toList()).indexOf("quality");
    double sum = 0;
    for (Object[] s : scorer.score(docs)) {
      sum += (Double) s[quality];
    }
    assertEquals(docs.size(), Integer.parseInt(printed.get("SCORED")));
    assertEquals(sum / docs.size(), Double.parseDouble(printed.get("MEAN_QUALITY")), 1e-12);
    assertEquals(docs.size() / 2, Integer.parseInt(printed.get("KEPT")), "discard 0.5 keeps half");
  }
}
