package dev.winnow.jobs;

import dev.winnow.schemas.Manifests;
import dev.winnow.schemas.SweepBatchManifest;
import dev.winnow.schemas.SweepBatchManifest.Entry;
import dev.winnow.schemas.SweepBatchManifest.Status;
import dev.winnow.schemas.SweepManifest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * Runs a {@link SweepPlan} as one batch of sweep jobs over one score output, indexing every output in
 * {@code OUTPUT/_sweeps.json}. A sweep already complete for the same scores and parameters is skipped; a
 * sweep that fails is recorded with its error and the batch goes on with the others.
 */
public final class SweepBatch {
  private SweepBatch() {
  }

  /** What a run would do with each sweep: run it, or skip it as complete. */
  public record Step(SweepPlan.Planned sweep, boolean skip, String why) {
  }

  /** The plan against what the index says is done; reads only small JSON files, starts no Spark job. */
  public static List<Step> steps(Configuration conf, SweepPlan plan) {
    return steps(conf, plan, ScoreJob.readManifest(conf, plan.scores()).runId(), index(conf, plan.output()));
  }

  private static List<Step> steps(Configuration conf, SweepPlan plan, String scoresRunId, Map<String, Entry> done) {
    List<Step> steps = new ArrayList<>();
    for (SweepPlan.Planned p : plan.sweeps()) {
      Entry previous = done.get(p.name());
      Entry wanted = entry(p, Status.PENDING, null, scoresRunId, null, null, null);
      String why;
      if (previous == null) {
        why = "new";
      } else if (previous.status() != Status.COMPLETE) {
        why = "previous run " + previous.status().name().toLowerCase(Locale.ROOT);
      } else if (!scoresRunId.equals(previous.scoresRunId())) {
        why = "scores changed since";
      } else if (!wanted.key().equals(previous.key())) {
        why = "parameters changed";
      } else if (!committed(conf, p.options().output, previous.runId())) {
        why = "output missing or replaced";
      } else {
        steps.add(new Step(p, true, "complete (run " + previous.runId() + ")"));
        continue;
      }
      steps.add(new Step(p, false, why));
    }
    return steps;
  }

  /** Runs every step that is not complete; {@code progress} hears about each sweep it runs as it ends. */
  public static SweepBatchManifest run(SparkSession spark, SweepPlan plan, Consumer<Entry> progress) {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    String scoresRunId = ScoreJob.readManifest(conf, plan.scores()).runId();
    Map<String, Entry> previous = index(conf, plan.output());
    Map<String, Entry> entries = new LinkedHashMap<>();
    List<Step> steps = steps(conf, plan, scoresRunId, previous);
    for (Step s : steps) {
      entries.put(s.sweep().name(), s.skip() ? previous.get(s.sweep().name())
          : entry(s.sweep(), Status.PENDING, null, scoresRunId, null, null, null));
    }
    for (Step s : steps) {
      if (s.skip()) {
        continue;
      }
      long t0 = System.nanoTime();
      Entry e;
      try {
        SweepManifest m = SweepJob.run(spark, s.sweep().options());
        Map<String, Long> kept = new LinkedHashMap<>();
        m.rates().forEach(r -> kept.put(r.discard(), r.keptDocs()));
        e = entry(s.sweep(), Status.COMPLETE, m.runId(), scoresRunId, kept, ScoreJob.seconds(t0), null);
      } catch (RuntimeException ex) {
        String message = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage().lines().findFirst()
            .orElse("");
        e = entry(s.sweep(), Status.FAILED, null, scoresRunId, null, ScoreJob.seconds(t0), message);
      }
      entries.put(s.sweep().name(), e);
      write(conf, plan, scoresRunId, entries);
      progress.accept(e);
    }
    return write(conf, plan, scoresRunId, entries);
  }

  private static Entry entry(SweepPlan.Planned p, Status status, String runId, String scoresRunId,
      Map<String, Long> kept, Double seconds, String error) {
    SweepOptions o = p.options();
    boolean batch = o.mode == SweepOptions.Mode.BATCH;
    return new Entry(p.name(), o.output, o.by, o.keep == null ? null : o.keep.name().toLowerCase(Locale.ROOT),
        o.mode.name().toLowerCase(Locale.ROOT).replace('_', '-'), batch ? o.batchSize : null, batch ? o.seed : null,
        SweepJob.validate(o), o.withScores, status, runId, scoresRunId, kept, seconds, error);
  }

  private static SweepBatchManifest write(Configuration conf, SweepPlan plan, String scoresRunId,
      Map<String, Entry> entries) {
    SweepBatchManifest m = new SweepBatchManifest(SweepBatchManifest.KIND, Version.WINNOW, plan.file(), plan.scores(),
        scoresRunId, Instant.now().toString(), List.copyOf(entries.values()));
    Path target = new Path(plan.output(), SweepBatchManifest.FILE);
    try {
      FileSystem fs = target.getFileSystem(conf);
      fs.mkdirs(target.getParent());
      Path tmp = new Path(target.getParent(), "." + SweepBatchManifest.FILE + ".tmp");
      Outputs.writeString(fs, tmp, Manifests.toJson(m));
      fs.delete(target, false);
      if (!fs.rename(tmp, target)) {
        throw new IOException("rename " + tmp + " -> " + target + " failed");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + target + ": " + e.getMessage(), e);
    }
    return m;
  }

  private static Map<String, Entry> index(Configuration conf, String output) {
    Map<String, Entry> byName = new HashMap<>();
    try {
      String json = Outputs.readString(conf, new Path(output, SweepBatchManifest.FILE));
      for (Entry e : Manifests.fromJson(json, SweepBatchManifest.class).sweeps()) {
        byName.put(e.name(), e);
      }
    } catch (IOException e) {
      // no index yet: nothing is complete
    }
    return byName;
  }

  private static boolean committed(Configuration conf, String output, String runId) {
    try {
      SweepManifest m = Manifests.fromJson(Outputs.readString(conf, new Path(output, SweepManifest.FILE)),
          SweepManifest.class);
      return runId != null && runId.equals(m.runId());
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }
}
