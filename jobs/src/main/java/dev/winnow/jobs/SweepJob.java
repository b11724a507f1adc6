package dev.winnow.jobs;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import dev.winnow.schemas.Columns;
import dev.winnow.schemas.Manifests;
import dev.winnow.schemas.ScoreManifest;
import dev.winnow.schemas.SweepManifest;
import dev.winnow.scorers.ConfigException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * {@code winnow sweep}: filtered copies of a scored set at several discard rates, from one scan of the
 * key columns (never {@code text}) for the thresholds and one pass over the data for writing.
 *
 * <p>Documents are ordered worst-first by (score valid, score, xxhash64(id), id, record_key), a total
 * order even where ids repeat, so every threshold is exact and ties are broken by a hash of the id,
 * whatever the partitioning. In global and per-source mode
 * a rate keeps the documents at or above the threshold tuple, so kept sets are nested across rates; in
 * batch mode (DataRater's online rule) a seeded shuffle cuts the set into micro-batches and each batch
 * drops its own bottom fraction. Null or NaN scores always rank worst.
 */
public final class SweepJob {
  private static final String VALID = "__valid";
  private static final String V = "__v";
  private static final String S = "__s";
  private static final String TIE = "__tie";
  private static final String BATCH = "__batch";
  private static final String RANK = "__rank";
  private static final String BSIZE = "__bsize";
  public static final String DISCARD = "discard";

  private SweepJob() {
  }

  public static SweepManifest run(SparkSession spark, SweepOptions o) {
    Map<String, Double> stages = new LinkedHashMap<>();
    long t0 = System.nanoTime();
    List<String> rates = validate(o);
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    Outputs.checkReplaceable(hadoop, new Path(o.output));
    ScoreManifest scoresManifest = ScoreJob.readManifest(spark, o.scores);
    Dataset<Row> data = ScoreJob.scores(spark, o.scores);
    if (o.partitions > 0) {
      data = data.repartition(o.partitions);
    }
    SweepOptions.Keep keep = o.keep != null ? o.keep : defaultKeep(scoresManifest, o.by);
    Column score;
    try {
      score = expr(o.by).cast(DataTypes.DoubleType);
      data.select(score).schema();
    } catch (Exception e) { // AnalysisException is a checked exception thrown from Scala
      throw new ConfigException("Cannot sweep by '" + o.by + "': not a column or SQL expression over the scores ("
          + firstLine(e) + ")");
    }
    // -0.0 + 0.0 is 0.0: the sort and the comparisons then agree on signed zeros
    Column s = score.plus(lit(0.0));
    Column valid = when(s.isNull().or(isnan(s)), lit(0)).otherwise(lit(1));
    Column v = when(valid.equalTo(1), keep == SweepOptions.Keep.LOW ? s.multiply(-1.0) : s).otherwise(lit(0.0));
    Dataset<Row> keyed = data.withColumn(S, s).withColumn(VALID, valid).withColumn(V, v)
        .withColumn(TIE, xxhash64(col(Columns.ID)));
    Dataset<Row> keys = keyed.select(col(VALID), col(V), col(TIE), col(Columns.ID), col(Columns.SOURCE),
        col(Columns.N_CHARS), col(S), col(Columns.RECORD_KEY)).persist(StorageLevel.MEMORY_AND_DISK());
    Row totals = keys.agg(org.apache.spark.sql.functions.count(lit(1)),
        org.apache.spark.sql.functions.coalesce(org.apache.spark.sql.functions.sum(Columns.N_CHARS), lit(0L))).first();
    long n = totals.getLong(0);
    long inputChars = totals.getLong(1);
    stages.put("scan_keys", ScoreJob.seconds(t0));

    long t1 = System.nanoTime();
    Plan plan = switch (o.mode) {
      case GLOBAL -> globalPlan(keys, rates, keep, n, false);
      case PER_SOURCE -> globalPlan(keys, rates, keep, n, true);
      case BATCH -> batchPlan(spark, keys, rates, keep, n, o);
    };
    stages.put("thresholds", ScoreJob.seconds(t1));

    long t2 = System.nanoTime();
    String runId = UUID.randomUUID().toString();
    Path output = new Path(o.output);
    Path staging = Outputs.staging(output, runId);
    try {
      Dataset<Row> toWrite = plan.batchTable == null ? keyed
          : keyed.join(plan.batchTable, scala.jdk.javaapi.CollectionConverters.asScala(
              List.of(Columns.ID, Columns.RECORD_KEY)).toSeq());
      Column[] tagged = new Column[rates.size()];
      for (int i = 0; i < rates.size(); i++) {
        tagged[i] = when(plan.keptColumns.get(i), lit(rates.get(i)));
      }
      List<String> outCols = outputColumns(data, o.withScores);
      List<Column> select = new ArrayList<>();
      outCols.forEach(c -> select.add(col("`" + c + "`")));
      select.add(explode(org.apache.spark.sql.functions.filter(array(tagged), Column::isNotNull)).as(DISCARD));
      Dataset<Row> exploded = toWrite.select(select.toArray(new Column[0]));
      exploded.write().mode(SaveMode.ErrorIfExists).partitionBy(DISCARD).parquet(staging.toString());
      StructType outSchema = data.select(outCols.stream().map(c -> col("`" + c + "`")).toArray(Column[]::new)).schema();
      stages.put("write", ScoreJob.seconds(t2));

      long t3 = System.nanoTime();
      List<SweepManifest.Rate> entries = new ArrayList<>();
      for (int i = 0; i < rates.size(); i++) {
        Path dir = new Path(staging, DISCARD + "=" + rates.get(i));
        if (!Outputs.exists(hadoop, dir)) {
          spark.createDataFrame(new ArrayList<Row>(), outSchema).coalesce(1).write().parquet(dir.toString());
        }
        long written = spark.read().parquet(dir.toString()).count();
        entries.add(plan.rate(i, rates.get(i), output.toString(), written, n));
      }
      for (SweepManifest.Rate r : entries) {
        if (!r.reconciliation().ok()) {
          throw new IllegalStateException("Cannot commit sweep: discard=" + r.discard() + " wrote "
              + r.reconciliation().written() + " documents, expected " + r.keptDocs());
        }
      }
      stages.put("verify", ScoreJob.seconds(t3));
      stages.put("total", ScoreJob.seconds(t0));
      SweepManifest manifest = new SweepManifest(SweepManifest.KIND, Version.WINNOW, runId, Instant.now().toString(),
          o.scores, scoresManifest.runId(), o.by, keep.name().toLowerCase(), o.mode.name().toLowerCase().replace('_', '-'),
          o.mode == SweepOptions.Mode.BATCH ? o.batchSize : null, o.mode == SweepOptions.Mode.BATCH ? o.seed : null,
          n, inputChars, entries, stages);
      Outputs.commit(hadoop, staging, output, SweepManifest.FILE, Manifests.toJson(manifest));
      return manifest;
    } catch (RuntimeException e) {
      Outputs.discard(hadoop, staging);
      throw e;
    } finally {
      keys.unpersist();
    }
  }

  // ---------------------------------------------------------------- plans

  /** Per rate: the kept predicate for the write pass and the counts from the key scan. */
  private static final class Plan {
    final List<Column> keptColumns = new ArrayList<>();
    final Map<String, long[]> perSource;
    final int rateCount;
    final Map<Integer, SweepManifest.Bound> global = new HashMap<>();
    final Map<Integer, Map<String, SweepManifest.Bound>> bySource = new HashMap<>();
    final Map<Integer, SweepManifest.Bound> byBatch = new HashMap<>();
    Dataset<Row> batchTable;

    Plan(Map<String, long[]> perSource, int rateCount) {
      this.perSource = perSource;
      this.rateCount = rateCount;
    }

    SweepManifest.Rate rate(int i, String discard, String output, long written, long n) {
      long kept = 0;
      long chars = 0;
      Map<String, SweepManifest.SourceCount> sources = new TreeMap<>();
      for (Map.Entry<String, long[]> e : perSource.entrySet()) {
        long[] a = e.getValue();
        kept += a[1 + i];
        chars += a[1 + rateCount + i];
        sources.put(e.getKey(), new SweepManifest.SourceCount(a[0], a[1 + i], a[1 + rateCount + i]));
      }
      return new SweepManifest.Rate(discard, output + "/" + DISCARD + "=" + discard, kept, chars, n - kept,
          global.get(i), bySource.get(i), byBatch.get(i), sources,
          new SweepManifest.Reconciliation(n, kept, n - kept, written, written == kept));
    }
  }

  /** How many documents of a group of {@code size} a rate discards, split low/high for the middle window. */
  static long[] discardCounts(String rate, long size, SweepOptions.Keep keep) {
    long d = new BigDecimal(rate).multiply(BigDecimal.valueOf(size)).setScale(0, java.math.RoundingMode.HALF_UP)
        .longValueExact();
    if (keep == SweepOptions.Keep.MIDDLE) {
      return new long[] {d / 2, d - d / 2};
    }
    return new long[] {d, 0};
  }

  private static Plan globalPlan(Dataset<Row> keys, List<String> rates, SweepOptions.Keep keep, long n,
      boolean perSource) {
    Dataset<Row> sorted = perSource
        ? keys.orderBy(col(Columns.SOURCE), col(VALID), col(V), col(TIE), col(Columns.ID), col(Columns.RECORD_KEY))
        : keys.orderBy(col(VALID), col(V), col(TIE), col(Columns.ID), col(Columns.RECORD_KEY));
    JavaPairRDD<Row, Long> indexed = sorted.javaRDD().zipWithIndex().persist(StorageLevel.MEMORY_AND_DISK());
    try {
      // group sizes and the index where each group starts: in global mode the whole set from 0
      Map<String, long[]> groups = !perSource ? Map.of("", new long[] {n, 0})
          : indexed.aggregate(new HashMap<String, long[]>(), (m, t) -> {
            long[] a = m.computeIfAbsent(t._1().getString(4), k -> new long[] {0, Long.MAX_VALUE});
            a[0]++;
            a[1] = Math.min(a[1], t._2());
            return m;
          }, SweepJob::mergeMin);
      int r = rates.size();
      Map<String, long[][]> windows = new HashMap<>();
      Set<Long> needed = new HashSet<>();
      for (Map.Entry<String, long[]> g : groups.entrySet()) {
        long size = g.getValue()[0];
        long offset = g.getValue()[1];
        long[][] w = new long[r][];
        for (int i = 0; i < r; i++) {
          long[] d = discardCounts(rates.get(i), size, keep);
          long first = offset + d[0];
          long last = offset + size - 1 - d[1];
          w[i] = new long[] {first, last};
          if (first <= last) {
            needed.add(first);
            needed.add(last);
          }
        }
        windows.put(g.getKey(), w);
      }
      Map<Long, Row> boundary = new HashMap<>();
      for (Tuple2<Row, Long> t : indexed.filter(t -> needed.contains(t._2())).collect()) {
        boundary.put(t._2(), t._1());
      }
      Map<String, long[]> counts = indexed.aggregate(new HashMap<String, long[]>(), (m, t) -> {
        Row row = t._1();
        String source = row.getString(4);
        long[][] w = windows.get(perSource ? source : "");
        long[] a = m.computeIfAbsent(source, k -> new long[1 + 2 * r]);
        a[0]++;
        for (int i = 0; i < r; i++) {
          if (t._2() >= w[i][0] && t._2() <= w[i][1]) {
            a[1 + i]++;
            a[1 + r + i] += row.getInt(5);
          }
        }
        return m;
      }, SweepJob::mergeSum);
      Plan plan = new Plan(counts, r);
      for (int i = 0; i < r; i++) {
        Column kept = lit(false);
        Map<String, SweepManifest.Bound> sourceBounds = new TreeMap<>();
        for (Map.Entry<String, long[][]> g : windows.entrySet()) {
          long first = g.getValue()[i][0];
          long last = g.getValue()[i][1];
          if (first > last) {
            continue;
          }
          Row lo = boundary.get(first);
          Row hi = boundary.get(last);
          Column inWindow = atLeast(lo);
          if (keep == SweepOptions.Keep.MIDDLE) {
            inWindow = inWindow.and(atMost(hi));
          }
          if (perSource) {
            inWindow = col(Columns.SOURCE).equalTo(lit(g.getKey())).and(inWindow);
            sourceBounds.put(g.getKey(), bound(lo, hi, keep));
          } else {
            plan.global.put(i, bound(lo, hi, keep));
          }
          kept = kept.or(inWindow);
        }
        if (perSource) {
          plan.bySource.put(i, sourceBounds);
        }
        plan.keptColumns.add(kept);
      }
      return plan;
    } finally {
      indexed.unpersist(false);
    }
  }

  private static Plan batchPlan(SparkSession spark, Dataset<Row> keys, List<String> rates, SweepOptions.Keep keep,
      long n, SweepOptions o) {
    long distinct = keys.select(Columns.ID, Columns.RECORD_KEY).distinct().count();
    if (distinct != n) {
      throw new IllegalStateException("Cannot sweep in batch mode: " + (n - distinct)
          + " rows share an (id, record_key) pair; the scores were not written by one `winnow score` run");
    }
    int b = o.batchSize;
    // seeded shuffle: order by a hash of (seed, id), cut into consecutive batches of b
    Dataset<Row> shuffled = keys.orderBy(xxhash64(lit(o.seed), col(Columns.ID)), col(Columns.ID),
        col(Columns.RECORD_KEY));
    StructType withBatch = keys.schema().add(BATCH, DataTypes.LongType);
    Dataset<Row> batched = spark.createDataFrame(shuffled.javaRDD().zipWithIndex().map(t -> {
      Object[] values = new Object[t._1().size() + 1];
      for (int i = 0; i < t._1().size(); i++) {
        values[i] = t._1().get(i);
      }
      values[values.length - 1] = t._2() / b;
      return RowFactory.create(values);
    }), withBatch);
    Dataset<Row> ranked = batched.orderBy(col(BATCH), col(VALID), col(V), col(TIE), col(Columns.ID),
        col(Columns.RECORD_KEY));
    long lastSize = n % b == 0 ? b : n % b;
    long lastBatch = (n - 1) / b;
    int r = rates.size();
    long[][] full = new long[r][];
    long[][] last = new long[r][];
    for (int i = 0; i < r; i++) {
      full[i] = discardCounts(rates.get(i), b, keep);
      last[i] = discardCounts(rates.get(i), lastSize, keep);
    }
    StructType rankSchema = new StructType().add(Columns.ID, DataTypes.StringType)
        .add(Columns.RECORD_KEY, DataTypes.LongType).add(RANK, DataTypes.LongType).add(BSIZE, DataTypes.LongType);
    JavaPairRDD<Row, Long> indexed = ranked.javaRDD().zipWithIndex().persist(StorageLevel.MEMORY_AND_DISK());
    try {
      final int batchCol = withBatch.fieldIndex(BATCH);
      // one pass: per-source kept counts, and per rate the range over batches of the score at the cut
      BatchTally tally = indexed.aggregate(new BatchTally(), (acc, t) -> {
        Row row = t._1();
        long batch = row.getLong(batchCol);
        long rank = t._2() - batch * b;
        boolean isLast = batch == lastBatch;
        long[][] d = isLast ? last : full;
        long size = isLast ? lastSize : b;
        long[] a = acc.counts.computeIfAbsent(row.getString(4), k -> new long[1 + 2 * r]);
        a[0]++;
        for (int i = 0; i < r; i++) {
          if (rank >= d[i][0] && rank <= size - 1 - d[i][1]) {
            a[1 + i]++;
            a[1 + r + i] += row.getInt(5);
          }
          if (rank == d[i][0] && row.getInt(0) == 1) {
            double score = row.getDouble(6);
            double[] mm = acc.cuts.computeIfAbsent(i, k -> new double[] {Double.MAX_VALUE, -Double.MAX_VALUE});
            mm[0] = Math.min(mm[0], score);
            mm[1] = Math.max(mm[1], score);
          }
        }
        return acc;
      }, BatchTally::merge);
      Map<String, long[]> counts = tally.counts;
      Map<Integer, double[]> spread = tally.cuts;
      Plan plan = new Plan(counts, r);
      plan.batchTable = spark.createDataFrame(indexed.map(t -> {
        long batch = t._1().getLong(batchCol);
        return RowFactory.create(t._1().getString(3), t._1().getLong(7), t._2() - batch * b,
            batch == lastBatch ? lastSize : (long) b);
      }), rankSchema);
      for (int i = 0; i < r; i++) {
        Column lo = when(col(BSIZE).equalTo(b), lit(full[i][0])).otherwise(lit(last[i][0]));
        Column hi = when(col(BSIZE).equalTo(b), lit(b - 1 - full[i][1])).otherwise(lit(lastSize - 1 - last[i][1]));
        plan.keptColumns.add(col(RANK).geq(lo).and(col(RANK).leq(hi)));
        double[] mm = spread.get(i);
        if (mm != null) {
          plan.byBatch.put(i, new SweepManifest.Bound(mm[0], mm[1]));
        }
      }
      // the batch table must outlive this method: materialize it before the index is released
      plan.batchTable = plan.batchTable.localCheckpoint();
      return plan;
    } finally {
      indexed.unpersist(false);
    }
  }

  // ---------------------------------------------------------------- helpers

  /** What the batch plan's single pass over the ranked keys collects. */
  private static final class BatchTally implements java.io.Serializable {
    final HashMap<String, long[]> counts = new HashMap<>();
    /** Per rate: [min, max] over batches of the score of the first kept document (the cut). */
    final HashMap<Integer, double[]> cuts = new HashMap<>();

    BatchTally merge(BatchTally o) {
      mergeSum(counts, o.counts);
      o.cuts.forEach((k, mm) -> cuts.merge(k, mm, (p, q) -> new double[] {Math.min(p[0], q[0]),
          Math.max(p[1], q[1])}));
      return this;
    }
  }

  /** (valid, v, tie, id) >= the boundary row's, lexicographically. */
  private static Column atLeast(Row b) {
    return compare(b, true);
  }

  private static Column atMost(Row b) {
    return compare(b, false);
  }

  private static Column compare(Row b, boolean greater) {
    Column validC = col(VALID);
    Column vC = col(V);
    Column tieC = col(TIE);
    Column idC = col(Columns.ID);
    Object vb = b.get(0);
    Object vv = b.get(1);
    Object vt = b.get(2);
    Object vi = b.get(3);
    Object vk = b.get(7);
    Column keyC = col(Columns.RECORD_KEY);
    Column keyOk = greater ? keyC.geq(lit(vk)) : keyC.leq(lit(vk));
    Column idOk = (greater ? idC.gt(lit(vi)) : idC.lt(lit(vi))).or(idC.equalTo(lit(vi)).and(keyOk));
    Column tieOk = (greater ? tieC.gt(lit(vt)) : tieC.lt(lit(vt))).or(tieC.equalTo(lit(vt)).and(idOk));
    Column vOk = (greater ? vC.gt(lit(vv)) : vC.lt(lit(vv))).or(vC.equalTo(lit(vv)).and(tieOk));
    return (greater ? validC.gt(lit(vb)) : validC.lt(lit(vb))).or(validC.equalTo(lit(vb)).and(vOk));
  }

  private static SweepManifest.Bound bound(Row lo, Row hi, SweepOptions.Keep keep) {
    Double low = lo.getInt(0) == 1 ? lo.getDouble(6) : null;
    Double high = hi.getInt(0) == 1 ? hi.getDouble(6) : null;
    return switch (keep) {
      case HIGH -> new SweepManifest.Bound(low, null);
      case LOW -> new SweepManifest.Bound(null, low);
      case MIDDLE -> new SweepManifest.Bound(low, high);
    };
  }

  private static HashMap<String, long[]> mergeSum(HashMap<String, long[]> a, HashMap<String, long[]> b) {
    b.forEach((k, v) -> a.merge(k, v, (x, y) -> {
      long[] z = x.clone();
      for (int i = 0; i < z.length; i++) {
        z[i] += y[i];
      }
      return z;
    }));
    return a;
  }

  private static HashMap<String, long[]> mergeMin(HashMap<String, long[]> a, HashMap<String, long[]> b) {
    b.forEach((k, v) -> a.merge(k, v, (x, y) -> new long[] {x[0] + y[0], Math.min(x[1], y[1])}));
    return a;
  }

  private static List<String> outputColumns(Dataset<Row> data, boolean withScores) {
    List<String> cols = new ArrayList<>(List.of(Columns.ID, Columns.SOURCE, Columns.TEXT, Columns.N_CHARS,
        Columns.TRUNCATED, Columns.METADATA, Columns.RECORD_KEY));
    if (withScores) {
      for (String c : data.columns()) {
        if (!cols.contains(c)) {
          cols.add(c);
        }
      }
    }
    return cols;
  }

  private static SweepOptions.Keep defaultKeep(ScoreManifest m, String by) {
    for (ScoreManifest.ColumnEntry c : m.columns()) {
      if (c.name().equals(by)) {
        if (c.direction().equals("higher_is_better")) {
          return SweepOptions.Keep.HIGH;
        }
        if (c.direction().equals("lower_is_better")) {
          return SweepOptions.Keep.LOW;
        }
      }
    }
    throw new ConfigException("Cannot sweep by '" + by + "': no direction is known for it; pass --keep high|low|middle");
  }

  /** Checks the options that need no data; returns the discard rates in canonical form. */
  static List<String> validate(SweepOptions o) {
    if (o.scores == null || o.output == null || o.by == null) {
      throw new ConfigException("Cannot sweep: --scores, --by and --output are required");
    }
    if (o.mode == SweepOptions.Mode.BATCH && o.batchSize < 1) {
      throw new ConfigException("Cannot sweep in batch mode: --batch-size must be a positive integer");
    }
    if (o.discard == null || o.discard.isEmpty()) {
      throw new ConfigException("Cannot sweep: --discard needs at least one rate");
    }
    List<String> rates = new ArrayList<>();
    for (String raw : o.discard) {
      BigDecimal d;
      try {
        d = new BigDecimal(raw.trim());
      } catch (NumberFormatException e) {
        throw new ConfigException("Cannot sweep: discard rate '" + raw + "' is not a number");
      }
      if (d.signum() < 0 || d.compareTo(BigDecimal.ONE) > 0) {
        throw new ConfigException("Cannot sweep: discard rate '" + raw + "' is outside [0, 1]");
      }
      String canonical = d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString();
      if (rates.contains(canonical)) {
        throw new ConfigException("Cannot sweep: discard rate " + canonical + " is listed twice");
      }
      rates.add(canonical);
    }
    return rates;
  }

  private static String firstLine(Throwable e) {
    String m = e instanceof AnalysisException a ? a.getSimpleMessage() : String.valueOf(e.getMessage());
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}
