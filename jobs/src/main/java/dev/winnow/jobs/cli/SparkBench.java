package dev.winnow.jobs.cli;

import dev.winnow.jobs.ScoreJob;
import dev.winnow.jobs.ScoreOptions;
import dev.winnow.jobs.Sessions;
import dev.winnow.schemas.ScoreManifest;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * The Spark half the benches share: a one-core session (unless {@code --master} names a cluster), a temporary
 * directory for the shard and the output, and the score job run until warm. The first runs of a job are
 * spent compiling the reader, the row conversion and the Parquet writer (the JIT's work, not the job's), so
 * figures come from runs after the warm-up ones.
 */
final class SparkBench implements AutoCloseable {
  /** One score job: its manifest, and the seconds of its main stage and of the whole run. */
  record Run(ScoreManifest manifest, double stageSeconds, double totalSeconds) {
    Map<String, Double> tasks() {
      return manifest.taskSeconds();
    }
  }

  final SparkSession spark;
  final String master;
  final int cores;
  final Path dir;

  SparkBench(String requestedMaster, String name) throws IOException {
    // local[*] would be a per-machine figure; benches report per core
    this.master = requestedMaster.equals("local[*]") ? "local[1]" : requestedMaster;
    this.spark = Sessions.getOrCreate(master);
    this.cores = spark.sparkContext().defaultParallelism();
    this.dir = Files.createTempDirectory(name);
  }

  /**
   * Runs the job {@code warmups} times unmeasured, then {@code measured} times; {@code around} (when given)
   * runs before each measured run and after the last, so that an in-process measurement can be taken on
   * either side of every run.
   */
  List<Run> runs(ScoreOptions o, int warmups, int measured, Runnable around) {
    for (int i = 0; i < warmups; i++) {
      ScoreJob.run(spark, o);
    }
    List<Run> runs = new ArrayList<>();
    for (int i = 0; i < measured; i++) {
      if (around != null) {
        around.run();
      }
      ScoreManifest m = ScoreJob.run(spark, o);
      runs.add(new Run(m, m.stageSeconds().get("read_score_write"), m.stageSeconds().get("total")));
    }
    if (around != null) {
      around.run();
    }
    return runs;
  }

  /** The run of median main-stage time. */
  static Run median(List<Run> runs) {
    List<Run> sorted = new ArrayList<>(runs);
    sorted.sort(Comparator.comparingDouble(Run::stageSeconds));
    return sorted.get(sorted.size() / 2);
  }

  /** The median of measured figures (the upper middle one of an even count). */
  static double median(double[] values) {
    double[] v = values.clone();
    java.util.Arrays.sort(v);
    return v[v.length / 2];
  }

  /** Where a run's task time went, and what the stages after the main one (reconcile, footers) added. */
  static void printSplit(PrintWriter out, Run r, long units, String unit) {
    Map<String, Double> task = r.tasks();
    double score = task.get("score");
    out.printf("inside the job's tasks: read+parse %.2f s, score %.2f s (%,.0f %s/s), write+other %.2f s: "
        + "%.1f%% over scoring alone%n", task.get("read_parse"), score, units / score, unit, task.get("write_other"),
        100.0 * (task.get("read_parse") + task.get("write_other")) / score);
    out.printf("whole score run (quarantine, reconcile and footer stages too): %.2f s, main stage %.2f s%n",
        r.totalSeconds(), r.stageSeconds());
  }

  @Override
  public void close() throws IOException {
    BenchCommand.deleteRecursively(dir);
  }
}
