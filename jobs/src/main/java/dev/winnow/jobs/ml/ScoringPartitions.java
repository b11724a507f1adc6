package dev.winnow.jobs.ml;

import dev.winnow.jobs.ScorerSpec;
import dev.winnow.scorers.Document;
import dev.winnow.scorers.Scorer;
import dev.winnow.scorers.ScorerContext;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * The transformer's per-partition work: opens the scorer once per task (closed when the task ends),
 * scores rows in batches and appends the score values to each row.
 */
final class ScoringPartitions implements MapPartitionsFunction<Row, Row> {
  private static final long serialVersionUID = 1L;

  private final ScorerSpec spec;
  private final int textIndex;
  private final int idIndex;
  private final int sourceIndex;
  private final int inWidth;
  private final int scoreWidth;
  private final int batchSize;

  ScoringPartitions(ScorerSpec spec, int textIndex, int idIndex, int sourceIndex, int inWidth, int scoreWidth,
      int batchSize) {
    this.spec = spec;
    this.textIndex = textIndex;
    this.idIndex = idIndex;
    this.sourceIndex = sourceIndex;
    this.inWidth = inWidth;
    this.scoreWidth = scoreWidth;
    this.batchSize = batchSize;
  }

  @Override
  public Iterator<Row> call(Iterator<Row> rows) throws Exception {
    Scorer scorer = spec.create();
    TaskContext task = TaskContext.get();
    if (task != null) {
      task.addTaskCompletionListener((org.apache.spark.util.TaskCompletionListener) ctx -> scorer.close());
    }
    scorer.open(new ScorerContext(spec.config(), 0));
    String prefix = (task == null ? 0 : task.partitionId()) + ":";
    return new Iterator<>() {
      private final Deque<Row> ready = new ArrayDeque<>();
      private long position;
      private boolean closed;

      @Override
      public boolean hasNext() {
        if (ready.isEmpty() && rows.hasNext()) {
          fill();
        }
        if (ready.isEmpty() && !closed && task == null) {
          closed = true;
          scorer.close();
        }
        return !ready.isEmpty();
      }

      @Override
      public Row next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return ready.poll();
      }

      private void fill() {
        List<Row> batch = new ArrayList<>(batchSize);
        List<Document> docs = new ArrayList<>(batchSize);
        while (batch.size() < batchSize && rows.hasNext()) {
          Row r = rows.next();
          batch.add(r);
          String text = r.isNullAt(textIndex) ? null : r.getString(textIndex);
          if (text != null) {
            String id = idIndex >= 0 && !r.isNullAt(idIndex) ? String.valueOf(r.get(idIndex)) : prefix + position;
            String source = sourceIndex >= 0 && !r.isNullAt(sourceIndex) ? String.valueOf(r.get(sourceIndex)) : "";
            docs.add(new Document(id, source, text));
          }
          position++;
        }
        List<Object[]> scores = docs.isEmpty() ? List.of() : scorer.score(docs);
        if (scores.size() != docs.size()) {
          throw new IllegalStateException("Cannot score batch: scorer '" + scorer.name() + "' returned "
              + scores.size() + " rows for " + docs.size() + " documents");
        }
        int next = 0;
        for (Row r : batch) {
          Object[] values = new Object[inWidth + scoreWidth];
          for (int i = 0; i < inWidth; i++) {
            values[i] = r.get(i);
          }
          if (!r.isNullAt(textIndex)) {
            System.arraycopy(scores.get(next++), 0, values, inWidth, scoreWidth);
          }
          ready.add(RowFactory.create(values));
        }
      }
    };
  }
}
