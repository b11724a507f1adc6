package dev.winnow.jobs;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.winnow.jobs.io.ParsedRecord;
import dev.winnow.jobs.io.SerializableConf;
import dev.winnow.schemas.QuarantineReason;
import dev.winnow.schemas.QuarantineSchema;
import dev.winnow.scorers.Document;
import dev.winnow.scorers.ScoreColumn;
import dev.winnow.scorers.ScoreType;
import dev.winnow.scorers.Scorer;
import dev.winnow.scorers.ScorerContext;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.util.ArrayBasedMapData;
import org.apache.spark.sql.catalyst.util.GenericArrayData;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * The per-partition runner: opens the scorers once per task, scores documents in batches, and sends
 * everything else where it belongs. Quarantined records and the task's counts go to side files named by
 * partition, written to a temporary name and renamed when the partition is exhausted, so a retried or
 * speculative attempt rewrites the same files with the same content.
 *
 * <p>Rows are emitted in Spark's internal form ({@code UTF8String}, {@code MapData}), which the Parquet
 * writer takes as it is: external {@code Row}s would each go through the row encoder's conversion of
 * every field first (about 3 µs a document for the 50 columns of a heuristics run). The score columns' declared
 * types are checked here instead, since no encoder does it.
 */
public final class PartitionRunner implements FlatMapFunction<Iterator<ParsedRecord>, InternalRow> {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** A batch also ends at this many characters, so a run of huge documents cannot exhaust the heap. */
  static final long BATCH_CHARS = 8_000_000;

  private final List<ScorerSpec> specs;
  private final String partsDir;
  private final SerializableConf conf;
  private final long seed;
  private final int batchSize;
  /** Per scorer, its columns' types, to check what {@code score} returns. */
  private final List<ScoreType[]> types = new ArrayList<>();
  /** Values in a row: the 7 document columns, then every scorer's. */
  private final int width;

  public PartitionRunner(List<ScorerSpec> specs, String partsDir, SerializableConf conf, long seed, int batchSize) {
    this.specs = specs;
    this.partsDir = partsDir;
    this.conf = conf;
    this.seed = seed;
    this.batchSize = batchSize;
    int w = 7;
    for (ScorerSpec spec : specs) {
      ScoreType[] t = spec.create().columns().stream().map(ScoreColumn::type).toArray(ScoreType[]::new);
      types.add(t);
      w += t.length;
    }
    this.width = w;
  }

  @Override
  public Iterator<InternalRow> call(Iterator<ParsedRecord> records) throws Exception {
    List<Scorer> scorers = new ArrayList<>();
    TaskContext task = TaskContext.get();
    int partition = task == null ? 0 : task.partitionId();
    if (task != null) {
      // registered before any open, so a scorer that fails to open does not leak the ones opened before it
      task.addTaskCompletionListener((org.apache.spark.util.TaskCompletionListener) ctx -> scorers.forEach(Scorer::close));
    }
    for (ScorerSpec spec : specs) {
      Scorer s = spec.create();
      scorers.add(s);
      s.open(new ScorerContext(spec.config(), seed));
    }
    return new Runner(records, scorers, partition, task == null);
  }

  private final class Runner implements Iterator<InternalRow> {
    private final Iterator<ParsedRecord> records;
    private final List<Scorer> scorers;
    private final int partition;
    private final boolean closeScorers;
    private final Deque<InternalRow> ready = new ArrayDeque<>();
    private final List<ParsedRecord> batch = new ArrayList<>();
    private final PartitionStats stats = new PartitionStats();
    private final StringBuilder quarantine = new StringBuilder();
    private boolean finished;
    private long started;

    Runner(Iterator<ParsedRecord> records, List<Scorer> scorers, int partition, boolean closeScorers) {
      this.records = records;
      this.scorers = scorers;
      this.partition = partition;
      this.closeScorers = closeScorers;
    }

    @Override
    public boolean hasNext() {
      while (ready.isEmpty() && !finished) {
        fill();
      }
      return !ready.isEmpty();
    }

    @Override
    public InternalRow next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      return ready.poll();
    }

    private void fill() {
      long batchChars = 0;
      long t0 = System.nanoTime();
      if (started == 0) {
        started = t0;
      }
      while (batch.size() < batchSize && batchChars < BATCH_CHARS && records.hasNext()) {
        ParsedRecord r = records.next();
        switch (r.kind) {
          case BLANK -> stats.blankLines++;
          case BAD -> quarantine(r);
          case DOC -> {
            stats.read++;
            batch.add(r);
            batchChars += r.text.length();
          }
        }
      }
      stats.readNanos += System.nanoTime() - t0;
      if (!batch.isEmpty()) {
        scoreBatch();
      }
      if (!records.hasNext()) {
        finish();
      }
    }

    private void quarantine(ParsedRecord r) {
      stats.read++;
      stats.quarantined++;
      stats.reasons.merge(r.reason.label(), 1L, Long::sum);
      if (r.reason == QuarantineReason.TRUNCATED_INPUT) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("file", r.file);
        error.put("error", r.detail);
        error.put("records_read", r.recordsBefore);
        error.put("bytes_read", r.bytesBefore);
        stats.inputErrors.add(error);
      }
      Map<String, Object> row = new LinkedHashMap<>();
      row.put(QuarantineSchema.FILE, r.file);
      row.put(QuarantineSchema.POSITION, r.position);
      row.put(QuarantineSchema.REASON, r.reason.label());
      row.put(QuarantineSchema.DETAIL, r.detail);
      row.put(QuarantineSchema.RAW_PREFIX, r.rawPrefix);
      try {
        quarantine.append(JSON.writeValueAsString(row)).append('\n');
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    private void scoreBatch() {
      List<Document> docs = new ArrayList<>(batch.size());
      for (ParsedRecord r : batch) {
        docs.add(new Document(r.id, r.source, r.text));
      }
      // only the scorers' calls count as scoring: building the rows is the writer's share
      long t0 = System.nanoTime();
      List<List<Object[]>> scores = new ArrayList<>(scorers.size());
      for (Scorer s : scorers) {
        List<Object[]> out = s.score(docs);
        if (out.size() != docs.size()) {
          throw new IllegalStateException("Cannot score batch: scorer '" + s.name() + "' returned " + out.size()
              + " rows for " + docs.size() + " documents");
        }
        scores.add(out);
      }
      stats.scoreNanos += System.nanoTime() - t0;
      for (int i = 0; i < batch.size(); i++) {
        ParsedRecord r = batch.get(i);
        Object[] values = new Object[width];
        values[0] = UTF8String.fromString(r.id);
        values[1] = UTF8String.fromString(r.source);
        values[2] = r.textUtf8 != null ? UTF8String.fromBytes(r.textUtf8) : UTF8String.fromString(r.text);
        values[3] = r.nChars;
        values[4] = r.truncated;
        values[5] = map(r.metadata);
        values[6] = r.recordKey;
        int at = 7;
        for (int k = 0; k < scores.size(); k++) {
          Object[] row = scores.get(k).get(i);
          ScoreType[] t = types.get(k);
          if (row.length != t.length) {
            throw new IllegalStateException("Cannot score batch: scorer '" + scorers.get(k).name() + "' returned "
                + row.length + " values for its " + t.length + " columns");
          }
          for (int c = 0; c < t.length; c++) {
            values[at++] = internal(scorers.get(k), c, t[c], row[c]);
          }
        }
        stats.docs++;
        stats.chars += r.nChars;
        if (r.truncated) {
          stats.truncated++;
        }
        ready.add(new GenericInternalRow(values));
      }
      batch.clear();
    }

    private void finish() {
      finished = true;
      stats.taskNanos = System.nanoTime() - started;
      String name = String.format("part-%05d", partition);
      try {
        FileSystem fs = new Path(partsDir).getFileSystem(conf.get());
        if (quarantine.length() > 0) {
          writeAtomically(fs, new Path(partsDir, "quarantine/" + name + ".json"), quarantine.toString());
        }
        writeAtomically(fs, new Path(partsDir, "stats/" + name + ".json"), JSON.writeValueAsString(stats));
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot write task side output: " + e.getMessage(), e);
      }
      if (closeScorers) {
        scorers.forEach(Scorer::close);
      }
    }
  }

  private static ArrayBasedMapData map(Map<String, String> m) {
    Object[] keys = new Object[m.size()];
    Object[] values = new Object[m.size()];
    int i = 0;
    for (Map.Entry<String, String> e : m.entrySet()) {
      keys[i] = UTF8String.fromString(e.getKey());
      values[i++] = e.getValue() == null ? null : UTF8String.fromString(e.getValue());
    }
    return new ArrayBasedMapData(new GenericArrayData(keys), new GenericArrayData(values));
  }

  /** A score value as Spark holds it internally, after checking it is of its column's declared type. */
  static Object internal(Scorer s, int column, ScoreType type, Object v) {
    if (v == null) {
      return null;
    }
    boolean ok = switch (type) {
      case DOUBLE -> v instanceof Double;
      case LONG -> v instanceof Long;
      case BOOLEAN -> v instanceof Boolean;
      case STRING -> v instanceof String;
    };
    if (!ok) {
      throw new IllegalStateException("Cannot score batch: scorer '" + s.name() + "' returned a "
          + v.getClass().getSimpleName() + " for its " + type.name().toLowerCase() + " column '"
          + s.columns().get(column).name() + "'");
    }
    return type == ScoreType.STRING ? UTF8String.fromString((String) v) : v;
  }

  private static void writeAtomically(FileSystem fs, Path target, String content) throws IOException {
    TaskContext task = TaskContext.get();
    long attempt = task == null ? 0 : task.taskAttemptId();
    Path tmp = new Path(target.getParent(), "." + target.getName() + ".attempt-" + attempt);
    try (OutputStream out = fs.create(tmp, true)) {
      out.write(content.getBytes(StandardCharsets.UTF_8));
    }
    fs.delete(target, false);
    if (!fs.rename(tmp, target)) {
      throw new IOException("rename " + tmp + " -> " + target + " failed");
    }
  }
}
