package dev.winnow.jobs.io;

import com.github.luben.zstd.ZstdInputStream;
import dev.winnow.schemas.QuarantineReason;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Reads one split of a JSONL or text file record by record. Written by hand rather than on Spark's JSON
 * source because every record must be accounted for with its byte position: lines that are not JSON or
 * not UTF-8 are quarantined, and a compressed file that ends early (a truncated .gz) yields the records
 * before the damage plus one {@code truncated_input} record saying how far it got.
 */
public final class ShardReader implements Iterator<ParsedRecord>, AutoCloseable {
  private static final int MAX_WHOLE_FILE_BYTES = Integer.MAX_VALUE - 16;

  private final InputSplit split;
  private final RecordParser parser;
  private final ReadOptions options;
  private final InputStream in;
  private final boolean lineMode;
  private final boolean json;
  private final long end;
  private final Deque<ParsedRecord> ready = new ArrayDeque<>();
  private byte[] line = new byte[1 << 16];
  private final byte[] buf = new byte[1 << 16];
  private int bufPos;
  private int bufLen;
  private long pos;
  private long records;
  private boolean done;
  private boolean overflow;
  private boolean closed;

  public ShardReader(InputSplit split, ReadOptions options, Configuration conf) {
    this.split = split;
    this.options = options;
    this.parser = new RecordParser(options);
    this.json = split.format() == InputFormat.JSONL;
    this.lineMode = options.linePerRecord(split.format());
    this.end = split.whole() ? Long.MAX_VALUE : split.start() + split.length();
    try {
      Path path = new Path(split.path());
      FileSystem fs = path.getFileSystem(conf);
      FSDataInputStream raw = fs.open(path);
      InputStream stream;
      InputFormat.Compression compression = InputFormat.compressionOf(split.path());
      boolean compressed = compression != InputFormat.Compression.NONE;
      switch (compression) {
        case GZIP -> stream = new GZIPInputStream(raw, 1 << 16);
        case BZIP2 -> stream = new BZip2CompressorInputStream(new java.io.BufferedInputStream(raw, 1 << 16), true);
        case ZSTD -> stream = new ZstdInputStream(raw);
        default -> {
          if (split.start() > 0) {
            raw.seek(split.start());
          }
          stream = raw;
        }
      }
      this.in = stream;
      this.pos = split.whole() || compressed ? 0 : split.start();
      // the line that starts at or crosses this split's start belongs to the previous split, which reads
      // every line starting at or before its end: skip through the first newline, as LineRecordReader does
      if (!split.whole() && split.start() > 0) {
        try {
          // a range of a compressed file: its bytes are reached by inflating all that comes before them
          if (compressed) {
            skipTo(split.start());
          }
          skipPastNewline();
        } catch (IOException e) {
          // the file breaks before a line of this range starts; the range holding the damage reports it
          done = true;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + split.path() + ": " + e.getMessage(), e);
    }
  }

  private void skipTo(long target) throws IOException {
    while (pos < target && fill()) {
      int take = (int) Math.min(bufLen - bufPos, target - pos);
      bufPos += take;
      pos += take;
    }
  }

  private void skipPastNewline() throws IOException {
    while (fill()) {
      int i = bufPos;
      while (i < bufLen && buf[i] != '\n') {
        i++;
      }
      pos += i - bufPos;
      if (i < bufLen) {
        pos++;
        bufPos = i + 1;
        return;
      }
      bufPos = bufLen;
    }
  }

  /** Makes buffered bytes available; false at the end of the input. */
  private boolean fill() throws IOException {
    if (bufPos < bufLen) {
      return true;
    }
    int n = in.read(buf, 0, buf.length);
    while (n == 0) {
      n = in.read(buf, 0, buf.length);
    }
    bufPos = 0;
    bufLen = Math.max(n, 0);
    return n > 0;
  }

  @Override
  public boolean hasNext() {
    while (ready.isEmpty() && !done) {
      advance();
    }
    if (ready.isEmpty()) {
      close(); // release the file as soon as the split is read, not when the task ends
      return false;
    }
    return true;
  }

  @Override
  public ParsedRecord next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    return ready.poll();
  }

  private void advance() {
    long start = pos;
    int length = 0;
    try {
      if (!lineMode) {
        length = readAll();
        done = true;
        records++;
        if (overflow && !options.truncate()) {
          ready.add(ParsedRecord.bad(split.path(), 0, QuarantineReason.TOO_LONG,
              "file over " + length + " bytes, more than --max-chars " + options.maxChars() + " allows", null));
        } else {
          ready.add(parser.parse(split.path(), 0, line, overflow ? completeUtf8(length) : length, false));
        }
        return;
      }
      if (start > end) {
        done = true;
        return;
      }
      boolean newline = false;
      while (!newline && fill()) {
        int i = newline(buf, bufPos, bufLen);
        int chunk = i - bufPos;
        ensure(length + chunk);
        System.arraycopy(buf, bufPos, line, length, chunk);
        length += chunk;
        pos += chunk;
        newline = i < bufLen;
        bufPos = newline ? i + 1 : i;
        if (newline) {
          pos++;
        }
      }
      if (!newline && length == 0) {
        done = true;
        return;
      }
      if (length > 0 && line[length - 1] == '\r') {
        length--;
      }
      emit(start, length);
      if (!newline) {
        done = true;
      }
    } catch (IOException e) {
      done = true;
      String prefix = new String(line, 0, Math.min(length, 800), java.nio.charset.StandardCharsets.UTF_8);
      ready.add(ParsedRecord.truncated(split.path(), start,
          "input ended early (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ") after " + records
              + " records" + (split.whole() || split.start() == 0 ? "" : " of the range from byte " + split.start())
              + " and " + pos + " bytes", prefix, records, pos));
    }
  }

  /**
   * The index of the first '\n' in {@code b[from, to)}, or {@code to}: eight bytes at a time, through
   * {@link Utf8#bytesEqualTo}.
   */
  static int newline(byte[] b, int from, int to) {
    int i = from;
    for (; i + 8 <= to; i += 8) {
      long z = Utf8.bytesEqualTo((long) Utf8.LONGS.get(b, i), '\n');
      if (z != 0) {
        return i + (Long.numberOfTrailingZeros(z) >>> 3);
      }
    }
    while (i < to && b[i] != '\n') {
      i++;
    }
    return i;
  }

  private void emit(long start, int length) {
    if (isBlank(length)) {
      ready.add(ParsedRecord.blank(split.path(), start));
      return;
    }
    records++;
    ready.add(parser.parse(split.path(), start, line, length, json));
  }

  /** Drops a UTF-8 sequence cut in half by the read limit. */
  private int completeUtf8(int length) {
    int i = length - 1;
    while (i >= 0 && (line[i] & 0xC0) == 0x80) {
      i--;
    }
    return i >= 0 && (line[i] & 0x80) != 0 ? i : length;
  }

  private int readAll() throws IOException {
    int length = 0;
    long limit = Math.min(MAX_WHOLE_FILE_BYTES, 4L * options.maxChars() + 4);
    while (fill()) {
      int n = bufLen - bufPos;
      int take = (int) Math.min(n, limit - length);
      ensure(length + take);
      System.arraycopy(buf, bufPos, line, length, take);
      length += take;
      overflow |= take < n;
      pos += n;
      bufPos = bufLen;
    }
    return length;
  }

  private void ensure(int capacity) {
    if (capacity > line.length) {
      line = java.util.Arrays.copyOf(line, Math.max(capacity, line.length * 2));
    }
  }

  private boolean isBlank(int length) {
    for (int i = 0; i < length; i++) {
      byte b = line[i];
      if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
        return false;
      }
    }
    return true;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      in.close();
    } catch (IOException ignored) {
      // nothing to recover: the split has been read or has failed already
    }
  }
}
