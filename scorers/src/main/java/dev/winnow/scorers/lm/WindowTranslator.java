package dev.winnow.scorers.lm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslatorContext;
import java.util.ArrayList;
import java.util.List;

/**
 * A batch of equal-length windows in, the natural-log probability of each window's targets out. Windows
 * are batched only with windows of their own length, so nothing is ever padded.
 */
public final class WindowTranslator implements NoBatchifyTranslator<WindowTranslator.Windows, float[]> {
  private final List<String> inputNames;

  /** For a network whose inputs are only the token ids. */
  public WindowTranslator() {
    this(List.of());
  }

  /** For a network that declares its inputs by name (ONNX): input_ids, attention_mask, position_ids. */
  public WindowTranslator(List<String> inputNames) {
    this.inputNames = inputNames;
  }

  /** {@code count} windows of {@code length} tokens: inputs and the targets they predict, row by row. */
  public record Windows(long[] inputs, long[] targets, int count, int length) {
  }

  /** Windows run in one forward pass, and for each row the index of the document it belongs to. */
  public record Batch(Windows windows, int[] owners) {
  }

  /**
   * The windows of documents' tokens as they are run: every full-length window batched with others,
   * {@code size} at a time, and each shorter last window alone, so nothing is ever padded.
   */
  public static List<Batch> batches(List<int[]> docs, int context, int bos, int size) {
    List<Batch> out = new ArrayList<>();
    List<long[]> full = new ArrayList<>();
    List<Integer> owners = new ArrayList<>();
    for (int d = 0; d < docs.size(); d++) {
      for (long[] row : rows(docs.get(d), context, bos)) {
        if (row.length == 2 * context) {
          full.add(row);
          owners.add(d);
        } else {
          out.add(new Batch(batch(List.of(row), row.length / 2), new int[] {d}));
        }
      }
    }
    for (int i = 0; i < full.size(); i += size) {
      int end = Math.min(full.size(), i + size);
      out.add(new Batch(batch(full.subList(i, end), context),
          owners.subList(i, end).stream().mapToInt(Integer::intValue).toArray()));
    }
    return out;
  }

  /**
   * A document's tokens cut into consecutive windows of at most {@code context} targets; each row holds a
   * window's inputs (its start, then all but its last target) followed by its targets. A window starts from
   * {@code bos}, or with {@code bos < 0} from the token before it, so the document's first token is context
   * only. Either way every other token is scored exactly once.
   */
  private static List<long[]> rows(int[] ids, int context, int bos) {
    List<long[]> out = new ArrayList<>();
    for (int from = bos < 0 ? 1 : 0; from < ids.length; from += context) {
      int len = Math.min(context, ids.length - from);
      long[] row = new long[2 * len];
      row[0] = bos < 0 ? ids[from - 1] : bos;
      for (int t = 0; t < len; t++) {
        if (t + 1 < len) {
          row[t + 1] = ids[from + t];
        }
        row[len + t] = ids[from + t];
      }
      out.add(row);
    }
    return out;
  }

  /** Rows of one window length as one batch. */
  private static Windows batch(List<long[]> rows, int length) {
    long[] in = new long[rows.size() * length];
    long[] target = new long[rows.size() * length];
    for (int r = 0; r < rows.size(); r++) {
      System.arraycopy(rows.get(r), 0, in, r * length, length);
      System.arraycopy(rows.get(r), length, target, r * length, length);
    }
    return new Windows(in, target, rows.size(), length);
  }

  @Override
  public NDList processInput(TranslatorContext ctx, Windows w) {
    NDManager m = ctx.getNDManager();
    Shape shape = new Shape(w.count(), w.length());
    ctx.setAttachment("targets", m.create(w.targets(), shape));
    NDArray ids = m.create(w.inputs(), shape);
    if (inputNames.isEmpty()) {
      return new NDList(ids);
    }
    NDList inputs = new NDList();
    for (String name : inputNames) {
      NDArray a = switch (name) {
        case "input_ids" -> ids;
        case "attention_mask" -> m.ones(shape, DataType.INT64);
        case "position_ids" -> m.create(positions(w.count(), w.length()), shape);
        default -> throw new IllegalArgumentException("Cannot run LM: it takes an input '" + name
            + "' (known: input_ids, attention_mask, position_ids)");
      };
      a.setName(name);
      inputs.add(a);
    }
    return inputs;
  }

  private static long[] positions(int count, int length) {
    long[] p = new long[count * length];
    for (int i = 0; i < p.length; i++) {
      p[i] = i % length;
    }
    return p;
  }

  @Override
  public float[] processOutput(TranslatorContext ctx, NDList list) {
    NDArray targets = (NDArray) ctx.getAttachment("targets");
    // the logits come first; an exported model may return more (hidden states, a cache)
    NDArray logits = list.get(0);
    return logits.logSoftmax(-1).gather(targets.expandDims(-1), -1).squeeze(-1).sum(new int[] {1})
        .toFloatArray();
  }
}
