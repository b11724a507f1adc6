package dev.winnow.jobs;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.winnow.schemas.Columns;
import dev.winnow.schemas.ScoreManifest;
import dev.winnow.scorers.ConfigException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;

/**
 * CCNet's quality buckets: within each language (the {@code language} metadata field when the documents
 * carry one, else each source), documents ranked from best to worst score go to {@code head} (the best
 * 30%), {@code middle} (the next 30%) and {@code tail}, written as {@code OUTPUT/bucket=head/} etc. with
 * {@code _buckets.json} holding each group's cutoffs and counts. Best means the column's direction: for
 * {@code ngram_ppl}, the lowest perplexity. Ties rank as in the sweep (score, xxhash64(id), id,
 * record_key), so bucket sizes are exact; a document without a score is tail.
 */
public final class BucketJob {
  public static final List<String> NAMES = List.of("head", "middle", "tail");
  public static final String FILE = "_buckets.json";
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private BucketJob() {
  }

  public static Map<String, Object> run(SparkSession spark, String scores, String by, List<String> buckets,
      double[] cuts, String output) {
    for (String b : buckets) {
      if (!NAMES.contains(b)) {
        throw new ConfigException("Cannot bucket: --buckets takes head, middle and tail, got '" + b + "'");
      }
    }
    if (cuts.length != 2 || !(cuts[0] > 0 && cuts[0] < cuts[1] && cuts[1] < 1)) {
      throw new ConfigException("Cannot bucket: --bucket-cuts must be two fractions 0 < a < b < 1");
    }
    long t0 = System.nanoTime();
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    Outputs.checkReplaceable(hadoop, new Path(output));
    ScoreManifest sm = ScoreJob.readManifest(spark, scores);
    boolean lowerIsBetter = sm.columns().stream().filter(c -> c.name().equals(by)).findFirst()
        .map(c -> c.direction().equals("lower_is_better"))
        .orElseThrow(() -> new ConfigException("Cannot bucket by '" + by + "': not a score column of " + scores));
    Dataset<Row> data = ScoreJob.scores(spark, scores);
    Column language = element_at(col(Columns.METADATA), lit("language"));
    boolean byLanguage = data.filter(language.isNotNull()).limit(1).count() > 0;
    Column group = byLanguage ? org.apache.spark.sql.functions.coalesce(language, col(Columns.SOURCE))
        : col(Columns.SOURCE);
    Column s = col("`" + by + "`").cast(DataTypes.DoubleType);
    Column missing = s.isNull().or(isnan(s));
    Column rankScore = when(missing, lit(null)).otherwise(lowerIsBetter ? s : s.multiply(-1.0));
    Dataset<Row> keys = data.select(group.as("__group"), col(Columns.RECORD_KEY), col(Columns.ID),
        rankScore.as("__v"), s.as("__s"), xxhash64(col(Columns.ID)).as("__tie"));
    var w = Window.partitionBy("__group").orderBy(col("__v").asc_nulls_last(), col("__tie"), col(Columns.ID),
        col(Columns.RECORD_KEY));
    Dataset<Row> ranked = keys.withColumn("__rank", row_number().over(w))
        .withColumn("__n", count(lit(1)).over(Window.partitionBy("__group")));
    Column headEnd = expr("round(" + cuts[0] + " * __n)");
    Column middleEnd = expr("round(" + cuts[1] + " * __n)");
    Dataset<Row> assigned = ranked.withColumn("bucket", when(col("__rank").leq(headEnd), lit("head"))
        .when(col("__rank").leq(middleEnd), lit("middle")).otherwise(lit("tail")))
        .persist(org.apache.spark.storage.StorageLevel.MEMORY_AND_DISK());
    try {
      // per group and bucket: documents and the score range, read from the key columns only
      Map<String, Map<String, Object>> groups = new TreeMap<>();
      for (Row r : assigned.groupBy("__group", "bucket").agg(count(lit(1)).as("docs"),
          org.apache.spark.sql.functions.min("__s").as("lo"), max("__s").as("hi")).collectAsList()) {
        Map<String, Object> g = groups.computeIfAbsent(r.getString(0), k -> new LinkedHashMap<>());
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("docs", r.getLong(2));
        b.put("min", r.isNullAt(3) ? null : r.getDouble(3));
        b.put("max", r.isNullAt(4) ? null : r.getDouble(4));
        g.put(r.getString(1), b);
      }
      Map<String, Long> expected = new LinkedHashMap<>();
      for (Map<String, Object> g : groups.values()) {
        long n = 0;
        for (Object b : g.values()) {
          n += (Long) ((Map<?, ?>) b).get("docs");
        }
        g.put("docs", n);
        // CCNet's cutoffs: the score at which head ends and middle ends
        for (String[] cut : new String[][] {{"head", "head_cutoff"}, {"middle", "middle_cutoff"}}) {
          Object b = g.get(cut[0]);
          g.put(cut[1], b == null ? null : ((Map<?, ?>) b).get(lowerIsBetter ? "max" : "min"));
        }
        for (String name : buckets) {
          Object b = g.get(name);
          expected.merge(name, b == null ? 0L : (Long) ((Map<?, ?>) b).get("docs"), Long::sum);
        }
      }

      String runId = UUID.randomUUID().toString();
      Path out = new Path(output);
      Path staging = Outputs.staging(out, runId);
      try {
        Dataset<Row> chosen = assigned.filter(col("bucket").isin(buckets.toArray()))
            .select(col(Columns.RECORD_KEY).as("__rk"), col("bucket"));
        List<Column> cols = new ArrayList<>();
        for (String c : List.of(Columns.ID, Columns.SOURCE, Columns.TEXT, Columns.N_CHARS, Columns.TRUNCATED,
            Columns.METADATA, Columns.RECORD_KEY)) {
          cols.add(data.col(c));
        }
        cols.add(data.col("`" + by + "`"));
        cols.add(chosen.col("bucket"));
        data.join(chosen, data.col(Columns.RECORD_KEY).equalTo(chosen.col("__rk")))
            .select(cols.toArray(new Column[0]))
            .write().mode(SaveMode.ErrorIfExists).partitionBy("bucket").parquet(staging.toString());
        Map<String, Object> written = new LinkedHashMap<>();
        for (String name : buckets) {
          Path dir = new Path(staging, "bucket=" + name);
          long got = Outputs.exists(hadoop, dir) ? spark.read().parquet(dir.toString()).count() : 0;
          if (got != expected.get(name)) {
            throw new IllegalStateException("Cannot commit buckets: bucket=" + name + " wrote " + got
                + " documents, expected " + expected.get(name));
          }
          written.put(name, got);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", "winnow-buckets");
        m.put("winnow_version", Version.WINNOW);
        m.put("run_id", runId);
        m.put("created_at", Instant.now().toString());
        m.put("scores", scores);
        m.put("scores_run_id", sm.runId());
        m.put("by", by);
        m.put("best", lowerIsBetter ? "lowest" : "highest");
        m.put("grouped_by", byLanguage ? "metadata.language (source where missing)" : "source");
        m.put("cuts", List.of(cuts[0], cuts[1]));
        m.put("written", written);
        m.put("groups", groups);
        m.put("seconds", ScoreJob.seconds(t0));
        Outputs.commit(hadoop, staging, out, FILE, JSON.writeValueAsString(m));
        return m;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (RuntimeException e) {
        Outputs.discard(hadoop, staging);
        throw e;
      }
    } finally {
      assigned.unpersist();
    }
  }
}
