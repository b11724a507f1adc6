package dev.winnow.jobs;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.winnow.jobs.io.InputFile;
import dev.winnow.jobs.io.InputFormat;
import dev.winnow.jobs.io.InputResolver;
import dev.winnow.jobs.io.InputSplit;
import dev.winnow.jobs.io.ParquetRecords;
import dev.winnow.jobs.io.ParsedRecord;
import dev.winnow.jobs.io.ReadOptions;
import dev.winnow.jobs.io.SerializableConf;
import dev.winnow.jobs.io.SplitRecords;
import dev.winnow.schemas.Columns;
import dev.winnow.schemas.Manifests;
import dev.winnow.schemas.QuarantineSchema;
import dev.winnow.schemas.ScoreManifest;
import dev.winnow.schemas.ScoreSchema;
import dev.winnow.scorers.ScoreColumn;
import dev.winnow.scorers.Scorer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.StructType;

/**
 * {@code winnow score}: read shards, score every document with the chosen raters, write
 * {@code OUT/scores} and {@code OUT/quarantine}, reconcile the counts, and commit atomically with
 * {@code OUT/_manifest.json}.
 */
public final class ScoreJob {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ScoreJob() {
  }

  /** Runs the job; returns the committed manifest. Read the result with {@link #scores}. */
  public static ScoreManifest run(SparkSession spark, ScoreOptions o) {
    Map<String, Double> stages = new LinkedHashMap<>();
    long t0 = System.nanoTime();
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    if (o.output == null) {
      throw new dev.winnow.scorers.ConfigException("Cannot score: no --output given");
    }
    Outputs.checkReplaceable(hadoop, new Path(o.output));
    List<InputFile> files = InputResolver.resolve(o.inputs, o.read.format(), hadoop);
    String runId = UUID.randomUUID().toString();
    Path output = new Path(o.output);
    Path staging = Outputs.staging(output, runId);
    Path parts = new Path(staging, "_parts");
    List<ScoreSchema.ScorerColumns> scorerColumns = new ArrayList<>();
    List<ScoreManifest.ScorerEntry> scorerEntries = new ArrayList<>();
    List<ScoreManifest.ColumnEntry> columnEntries = new ArrayList<>();
    for (ScorerSpec spec : o.scorers) {
      Scorer s = spec.create();
      scorerColumns.add(new ScoreSchema.ScorerColumns(s.name(), s.version(), s.columns()));
      scorerEntries.add(new ScoreManifest.ScorerEntry(s.name(), s.version(), spec.config().asMap()));
      for (ScoreColumn c : s.columns()) {
        columnEntries.add(new ScoreManifest.ColumnEntry(c.qualifiedName(s.name()), s.name(),
            c.type().name().toLowerCase(), c.direction().name().toLowerCase(), c.description()));
      }
    }
    Map<String, Object> runInfo = new LinkedHashMap<>();
    runInfo.put("run_id", runId);
    runInfo.put("winnow_version", Version.WINNOW);
    runInfo.put("inputs", o.inputs);
    runInfo.put("seed", o.seed);
    runInfo.put("scorers", scorerEntries);
    StructType schema = ScoreSchema.scoresSchema(scorerColumns, Manifests.toCompactJson(runInfo));
    stages.put("plan", seconds(t0));

    long t1 = System.nanoTime();
    try {
      JavaRDD<ParsedRecord> records = records(spark, files, o.read, hadoop);
      if (o.partitions > 0) {
        records = records.repartition(o.partitions);
      }
      SerializableConf conf = new SerializableConf(hadoop);
      JavaRDD<InternalRow> rows = records.mapPartitions(
          new PartitionRunner(o.scorers, parts.toString(), conf, o.seed, o.batchSize));
      // dictionary-encoding whole documents or continuous scores only costs time: nearly every value differs
      // (ids, record keys and metadata values too), and min/max statistics of whole texts prune nothing
      // the classic session's entry point for rows already in internal form (see PartitionRunner)
      var writer = ((org.apache.spark.sql.classic.SparkSession) spark).internalCreateDataFrame(rows.rdd(), schema, false)
          .write().mode(SaveMode.ErrorIfExists)
          .option("parquet.enable.dictionary#" + Columns.TEXT, "false")
          .option("parquet.enable.dictionary#" + Columns.ID, "false")
          .option("parquet.enable.dictionary#" + Columns.RECORD_KEY, "false")
          .option("parquet.enable.dictionary#" + Columns.METADATA + ".key_value.value", "false")
          .option("parquet.column.statistics.enabled#" + Columns.TEXT, "false");
      for (org.apache.spark.sql.types.StructField f : schema.fields()) {
        if (f.dataType().equals(org.apache.spark.sql.types.DataTypes.DoubleType)) {
          writer = writer.option("parquet.enable.dictionary#" + f.name(), "false");
        }
      }
      writer.parquet(new Path(staging, "scores").toString());
      stages.put("read_score_write", seconds(t1));

      long t2 = System.nanoTime();
      PartitionStats totals = readStats(hadoop, new Path(parts, "stats"));
      Path quarantineOut = new Path(staging, "quarantine");
      Path quarantineParts = new Path(parts, "quarantine");
      Dataset<Row> quarantine = Outputs.exists(hadoop, quarantineParts)
          ? spark.read().schema(QuarantineSchema.schema()).json(quarantineParts.toString())
          : spark.createDataFrame(Collections.emptyList(), QuarantineSchema.schema());
      quarantine.coalesce(1).write().mode(SaveMode.ErrorIfExists).parquet(quarantineOut.toString());
      stages.put("quarantine", seconds(t2));

      List<ScoreManifest.InputError> inputErrors = new ArrayList<>();
      for (Map<String, Object> e : totals.inputErrors) {
        inputErrors.add(new ScoreManifest.InputError((String) e.get("file"), (String) e.get("error"),
            ((Number) e.get("records_read")).longValue(), ((Number) e.get("bytes_read")).longValue()));
      }
      Map<String, String> readOptions = new LinkedHashMap<>();
      readOptions.put("format", o.read.format() == null ? "auto" : o.read.format().name().toLowerCase());
      readOptions.put("text_field", o.read.textField());
      readOptions.put("id_field", o.read.idField());
      readOptions.put("source_field", o.read.sourceField());
      readOptions.put("text_per_line", String.valueOf(o.read.textPerLine()));
      readOptions.put("max_chars", String.valueOf(o.read.maxChars()));
      readOptions.put("truncate", String.valueOf(o.read.truncate()));
      ScoreManifest.Counts counts = new ScoreManifest.Counts(totals.read, totals.docs, totals.quarantined,
          totals.truncated, totals.blankLines, totals.chars);
      // the footers carry the tasks' counts, and the stamping job reads back what the files hold: a run whose
      // files disagree with its tasks fails here, before anything is committed
      long t3 = System.nanoTime();
      Map<String, Object> footer = new LinkedHashMap<>(runInfo);
      footer.put("counts", counts);
      footer.put("quarantine_reasons", totals.reasons);
      long[] written = FooterStamp.stamp(spark, List.of(new Path(staging, "scores"), quarantineOut),
          Manifests.toCompactJson(footer));
      long scored = written[0];
      long quarantined = written[1];
      if (totals.read != scored + quarantined || totals.docs != scored || totals.quarantined != quarantined) {
        throw new IllegalStateException("Cannot commit scores: counts do not reconcile (read " + totals.read
            + ", scored " + scored + " written / " + totals.docs + " counted, quarantined " + quarantined
            + " written / " + totals.quarantined + " counted)");
      }
      Outputs.discard(hadoop, parts);
      stages.put("footers_reconcile", seconds(t3));
      stages.put("total", seconds(t0));
      ScoreManifest manifest = new ScoreManifest(ScoreManifest.KIND, Version.WINNOW, runId, Instant.now().toString(),
          o.seed, o.inputs, files.stream().map(InputFile::path).toList(), readOptions,
          counts, totals.reasons, inputErrors, scorerEntries, columnEntries, stages, taskSeconds(totals));
      Outputs.commit(hadoop, staging, output, ScoreManifest.FILE, Manifests.toJson(manifest));
      return manifest;
    } catch (RuntimeException e) {
      Outputs.discard(hadoop, staging);
      throw e;
    }
  }

  /** The committed scores of an output directory; refuses one without a manifest. */
  public static Dataset<Row> scores(SparkSession spark, String output) {
    readManifest(spark, output);
    return spark.read().parquet(new Path(output, "scores").toString());
  }

  public static ScoreManifest readManifest(SparkSession spark, String output) {
    return readManifest(spark.sparkContext().hadoopConfiguration(), output);
  }

  /** The manifest of a finished score output, read without Spark (sweep plans use it before any job). */
  public static ScoreManifest readManifest(Configuration conf, String output) {
    Path manifest = new Path(output, ScoreManifest.FILE);
    try {
      return Manifests.fromJson(Outputs.readString(conf, manifest), ScoreManifest.class);
    } catch (IOException e) {
      throw new dev.winnow.scorers.ConfigException("Cannot read scores '" + output
          + "': no " + ScoreManifest.FILE + " (not a finished `winnow score` output)");
    }
  }

  /** Every record of the inputs, documents and quarantined ones alike, one task per input split. */
  public static JavaRDD<ParsedRecord> records(SparkSession spark, List<InputFile> files, ReadOptions read,
      Configuration hadoop) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    List<InputSplit> splits = new ArrayList<>();
    List<InputFile> parquet = new ArrayList<>();
    // a few large .gz files are cut into ranges too, so that every core reads
    splits.addAll(InputResolver.splits(files, read, spark.sparkContext().defaultParallelism(), hadoop));
    files.stream().filter(f -> f.format() == InputFormat.PARQUET).forEach(parquet::add);
    JavaRDD<ParsedRecord> result = null;
    if (!splits.isEmpty()) {
      SerializableConf conf = new SerializableConf(hadoop);
      result = jsc.parallelize(splits, splits.size()).mapPartitions(it -> {
        List<InputSplit> mine = new ArrayList<>();
        it.forEachRemaining(mine::add);
        SplitRecords records = new SplitRecords(mine, read, conf.get());
        // a failed task closes whatever is still open
        org.apache.spark.TaskContext task = org.apache.spark.TaskContext.get();
        if (task != null) {
          task.addTaskCompletionListener((org.apache.spark.util.TaskCompletionListener) ctx -> records.close());
        }
        return records;
      });
    }
    if (!parquet.isEmpty()) {
      JavaRDD<ParsedRecord> p = ParquetRecords.read(spark, parquet, read);
      result = result == null ? p : result.union(p);
    }
    return result;
  }

  private static PartitionStats readStats(Configuration conf, Path dir) {
    PartitionStats totals = new PartitionStats();
    try {
      FileSystem fs = dir.getFileSystem(conf);
      if (!fs.exists(dir)) {
        return totals;
      }
      for (FileStatus f : fs.listStatus(dir)) {
        if (f.getPath().getName().startsWith(".")) {
          continue;
        }
        totals.add(JSON.readValue(Outputs.readString(conf, f.getPath()), PartitionStats.class));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read task statistics: " + e.getMessage(), e);
    }
    return totals;
  }

  /** Task time summed over tasks: reading and parsing, scoring, and the rest (encoding and writing rows). */
  private static Map<String, Double> taskSeconds(PartitionStats t) {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("read_parse", t.readNanos / 1e9);
    m.put("score", t.scoreNanos / 1e9);
    m.put("write_other", Math.max(0, t.taskNanos - t.readNanos - t.scoreNanos) / 1e9);
    return m;
  }

  static double seconds(long startNanos) {
    return Math.round((System.nanoTime() - startNanos) / 1e6) / 1e3;
  }
}
