package dev.winnow.jobs;

import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.map_entries;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.winnow.schemas.Columns;
import dev.winnow.scorers.SharedData;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shaded jar on a real standalone cluster (scripts/local-cluster: a master and two workers, each its
 * own JVM, executors launched by the workers) gives, row for row, what the same run gives in local mode,
 * even when one executor JVM is killed in the middle of the scoring stage.
 */
class ClusterIT extends SparkTestBase {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern STARTING = Pattern.compile("Starting task (\\S+) in stage (\\S+) \\(TID (\\d+)\\) "
      + "\\(127\\.0\\.0\\.1, ?executor (\\d+),");
  private static final Pattern FINISHED = Pattern.compile("Finished task \\S+ in stage \\S+ \\(TID (\\d+)\\)");

  private static Path root;
  private static Path work;
  private static Path clusterDir;
  private static String master;

  @BeforeAll
  static void startCluster() throws Exception {
    SharedData.require("clean/europarl.jsonl.gz");
    root = Path.of(System.getProperty("winnow.root", "..")).toAbsolutePath().normalize();
    work = Files.createTempDirectory("winnow-cluster-it");
    clusterDir = work.resolve("cluster");
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Process p = new ProcessBuilder(root.resolve("scripts/local-cluster").toString(), "start", "--port",
        String.valueOf(port), "--workers", "2", "--cores", "1", "--memory", "1500m", "--dir", clusterDir.toString())
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), "local-cluster start failed:\n" + out);
    master = out.lines().filter(l -> l.startsWith("spark://")).findFirst().orElseThrow();
  }

  @AfterAll
  static void stopCluster() throws Exception {
    if (clusterDir != null) {
      new ProcessBuilder(root.resolve("scripts/local-cluster").toString(), "stop", "--dir", clusterDir.toString())
          .inheritIO().start().waitFor(60, TimeUnit.SECONDS);
    }
    deleteTree(work);
  }

  private static List<String> inputs() {
    List<String> in = new ArrayList<>();
    for (String f : List.of("web/c4_en.jsonl.gz", "web/cc_raw.jsonl.gz", "clean/wikitext2.jsonl.gz",
        "clean/moby_dick.jsonl.gz", "clean/speeches.jsonl.gz", "clean/europarl.jsonl.gz")) {
      in.add(SharedData.require(f).toString());
    }
    return in;
  }

  private static long lineCount() throws IOException {
    long n = 0;
    for (String f : inputs()) {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(
          new java.util.zip.GZIPInputStream(Files.newInputStream(Path.of(f))), StandardCharsets.UTF_8))) {
        n += r.lines().filter(l -> !l.isBlank()).count();
      }
    }
    return n;
  }

  /** spark-submit's class, run as the spark-submit script would: the jar and the Winnow arguments. */
  private static ProcessBuilder submit(String sparkMaster, List<String> args) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(List.of(System.getProperty("spark.module.flags").trim().split("\\s+")));
    cmd.add("-Xmx1g");
    cmd.add("-cp");
    cmd.add(Files.readString(root.resolve("jobs/target/spark-classpath.txt")).trim());
    cmd.add("org.apache.spark.deploy.SparkSubmit");
    cmd.addAll(List.of("--master", sparkMaster, "--conf", "spark.driver.host=127.0.0.1", "--conf",
        "spark.executor.memory=1g", "--conf", "spark.ui.enabled=false", "--class", "dev.winnow.jobs.Main",
        root.resolve("jobs/target/winnow.jar").toString()));
    cmd.addAll(args);
    return new ProcessBuilder(cmd).redirectErrorStream(true);
  }

  private static String run(String sparkMaster, List<String> args) throws Exception {
    Process p = submit(sparkMaster, args).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), "spark-submit " + args + " failed:\n" + tail(out));
    return out;
  }

  private static List<String> score(String out) {
    List<String> args = new ArrayList<>(List.of("score", "--output", out, "--input"));
    args.addAll(inputs());
    return args;
  }

  private static List<String> sweep(String scores, String out) {
    return List.of("sweep", "--scores", scores, "--by", "heuristics_quality", "--keep", "high", "--discard",
        "0.1,0.5,0.9", "--output", out);
  }

  @Test
  void clusterRunEqualsLocalRunEvenWhenAnExecutorDies() throws Exception {
    String local = work.resolve("local").toString();
    String cluster = work.resolve("cluster-out").toString();
    run("local[2]", score(local + "/scores-run"));
    run("local[2]", sweep(local + "/scores-run", local + "/sweep"));

    Process p = submit(master, score(cluster + "/scores-run")).start();
    StringBuilder log = new StringBuilder();
    Optional<Long> killed = killAnExecutorMidTask(p, log);
    assertEquals(0, p.waitFor(), "cluster score run failed after the executor kill:\n" + tail(log.toString()));
    assertTrue(killed.isPresent(), "no executor was running a task to kill:\n" + tail(log.toString()));
    System.out.println("killed executor JVM pid " + killed.get() + " mid-stage; the driver saw: "
        + log.toString().lines().filter(l -> l.contains("Lost task") || l.contains("Lost executor"))
        .findFirst().orElse("(no lost-task line)"));
    assertTrue(log.toString().contains("Lost task"), "the kill did not cost a running task:\n" + tail(log.toString()));
    run(master, sweep(cluster + "/scores-run", cluster + "/sweep"));

    JsonNode localManifest = JSON.readTree(Path.of(local, "scores-run", "_manifest.json").toFile());
    JsonNode clusterManifest = JSON.readTree(Path.of(cluster, "scores-run", "_manifest.json").toFile());
    assertEquals(localManifest.get("counts"), clusterManifest.get("counts"));
    long docs = clusterManifest.get("counts").get("scored").asLong();
    assertEquals(lineCount(), docs, "documents scored vs lines in the inputs");
    assertSameRows(local + "/scores-run/scores", cluster + "/scores-run/scores", docs);

    JsonNode localSweep = JSON.readTree(Path.of(local, "sweep", "_sweep.json").toFile());
    JsonNode clusterSweep = JSON.readTree(Path.of(cluster, "sweep", "_sweep.json").toFile());
    for (int i = 0; i < 3; i++) {
      JsonNode l = localSweep.get("rates").get(i);
      JsonNode c = clusterSweep.get("rates").get(i);
      assertEquals(l.get("kept_docs"), c.get("kept_docs"));
      assertEquals(l.get("threshold"), c.get("threshold"));
      assertEquals(l.get("per_source"), c.get("per_source"));
      String rate = l.get("discard").asText();
      assertSameRows(local + "/sweep/discard=" + rate, cluster + "/sweep/discard=" + rate, l.get("kept_docs").asLong());
    }
  }

  /**
   * Follows the driver log; once a task has been running for two seconds, kills its executor's JVM by PID.
   * Returns the PID killed. The rest of the log keeps flowing into {@code log} until the driver exits.
   */
  private static Optional<Long> killAnExecutorMidTask(Process driver, StringBuilder log) throws Exception {
    java.util.Map<String, String[]> running = new java.util.concurrent.ConcurrentHashMap<>();
    java.util.Map<String, Long> startedAt = new java.util.concurrent.ConcurrentHashMap<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(driver.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          synchronized (log) {
            log.append(line).append('\n');
          }
          Matcher m = STARTING.matcher(line);
          if (m.find()) {
            running.put(m.group(3), new String[] {m.group(4)});
            startedAt.put(m.group(3), System.nanoTime());
          }
          Matcher f = FINISHED.matcher(line);
          if (f.find()) {
            running.remove(f.group(1));
          }
        }
      } catch (IOException ignored) {
        // the driver exited
      }
    });
    reader.start();
    Optional<Long> killed = Optional.empty();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
    while (killed.isEmpty() && driver.isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(200);
      for (var e : running.entrySet()) {
        if (System.nanoTime() - startedAt.get(e.getKey()) > TimeUnit.SECONDS.toNanos(2)) {
          killed = executorPid(e.getValue()[0]);
          killed.ifPresent(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
          break;
        }
      }
    }
    driver.waitFor(300, TimeUnit.SECONDS);
    reader.join(10_000);
    return killed;
  }

  /** The executor JVM this test's cluster launched with the given Spark executor id. */
  private static Optional<Long> executorPid(String executorId) {
    String home = clusterDir.resolve("sparkhome").toString();
    return ProcessHandle.allProcesses().filter(h -> h.info().commandLine().map(c ->
        c.contains("CoarseGrainedExecutorBackend") && c.contains(home) && c.contains("--executor-id " + executorId + " "))
        .orElse(false)).map(ProcessHandle::pid).findFirst();
  }

  /** Same multiset of rows (every column; the metadata map compared as sorted entries) and the expected count. */
  private static void assertSameRows(String expectedDir, String actualDir, long count) {
    Dataset<Row> a = comparable(spark.read().parquet(expectedDir));
    Dataset<Row> b = comparable(spark.read().parquet(actualDir));
    assertEquals(count, a.count(), expectedDir);
    assertEquals(count, b.count(), actualDir);
    assertEquals(0, a.exceptAll(b).count(), "rows of " + expectedDir + " missing from " + actualDir);
    assertEquals(0, b.exceptAll(a).count(), "rows of " + actualDir + " not in " + expectedDir);
  }

  private static Dataset<Row> comparable(Dataset<Row> df) {
    return df.withColumn(Columns.METADATA, array_sort(map_entries(col(Columns.METADATA))));
  }

  private static String tail(String s) {
    return s.length() <= 6000 ? s : s.substring(s.length() - 6000);
  }
}
