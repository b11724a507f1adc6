package dev.winnow.jobs.io;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

/** Expands files, directories and globs on any Hadoop filesystem into a sorted list of input files. */
public final class InputResolver {
  private InputResolver() {
  }

  public static List<InputFile> resolve(List<String> inputs, InputFormat forced, Configuration conf) {
    if (inputs == null || inputs.isEmpty()) {
      throw new InputException("Cannot read input: no --input given");
    }
    Map<String, InputFile> files = new LinkedHashMap<>();
    for (String input : inputs) {
      List<FileStatus> found = new ArrayList<>();
      try {
        Path p = new Path(input);
        FileSystem fs = p.getFileSystem(conf);
        FileStatus[] matches = fs.globStatus(p);
        if (matches != null) {
          for (FileStatus m : matches) {
            if (m.isDirectory()) {
              RemoteIterator<LocatedFileStatus> it = fs.listFiles(m.getPath(), true);
              while (it.hasNext()) {
                LocatedFileStatus f = it.next();
                // inside a directory, files of no known format (a README, _SUCCESS) are not data
                boolean known = forced != null || InputFormat.fromName(f.getPath().getName()) != null;
                if (!hidden(f.getPath(), m.getPath()) && known) {
                  found.add(f);
                }
              }
            } else {
              found.add(m);
            }
          }
        }
      } catch (IOException | IllegalArgumentException e) {
        throw new InputException("Cannot read input '" + input + "': " + e.getMessage());
      }
      if (found.isEmpty()) {
        throw new InputException("Cannot read input '" + input + "': no files match");
      }
      for (FileStatus f : found) {
        String path = f.getPath().toString();
        InputFormat format = forced != null ? forced : InputFormat.fromName(path);
        if (format == null) {
          throw new InputException("Cannot read input '" + path
              + "': unknown format (name it .jsonl, .txt or .parquet, optionally .gz/.bz2/.zst, or pass --format)");
        }
        if (format == InputFormat.PARQUET && InputFormat.compressionOf(path) != InputFormat.Compression.NONE) {
          throw new InputException("Cannot read input '" + path + "': Parquet is compressed inside, not as a file");
        }
        files.putIfAbsent(path, new InputFile(path, f.getLen(), format));
      }
    }
    List<InputFile> sorted = new ArrayList<>(files.values());
    sorted.sort((a, b) -> a.path().compareTo(b.path()));
    return sorted;
  }

  /** Spark's convention: names starting with '_' or '.' below an input directory are not data. */
  private static boolean hidden(Path file, Path root) {
    for (Path p = file; p != null && !p.equals(root); p = p.getParent()) {
      String n = p.getName();
      if (n.startsWith("_") || n.startsWith(".")) {
        return true;
      }
    }
    return false;
  }

  /** Byte-range splits for the text formats, with every compressed file read whole by one task. */
  public static List<InputSplit> splits(List<InputFile> files, ReadOptions options) {
    return splits(files, options, 1, null);
  }

  /**
   * Byte-range splits for the text formats. When they are fewer than {@code parallelism} (a few large
   * .gz files on many cores), each large gzip JSONL or line-text file is cut into ranges of its
   * decompressed bytes as well: every range's task inflates the file from its start and discards what lies
   * before its range. A gzip stream cannot be entered in the middle, so this spends inflate time (the last
   * range inflates the whole file), but inflating is several times faster than parsing and scoring what it
   * yields, and the cores that would idle do the rest.
   */
  public static List<InputSplit> splits(List<InputFile> files, ReadOptions options, int parallelism,
      Configuration conf) {
    return splits(files, options, parallelism, conf, MIN_GZIP_RANGE);
  }

  static List<InputSplit> splits(List<InputFile> files, ReadOptions options, int parallelism, Configuration conf,
      long minGzipRange) {
    List<InputSplit> splits = new ArrayList<>();
    for (InputFile f : files) {
      if (f.format() == InputFormat.PARQUET) {
        continue;
      }
      boolean splittable = options.linePerRecord(f.format())
          && InputFormat.compressionOf(f.path()) == InputFormat.Compression.NONE;
      if (!splittable || f.size() <= options.splitBytes()) {
        splits.add(new InputSplit(f.path(), f.format(), 0, -1));
        continue;
      }
      for (long start = 0; start < f.size(); start += options.splitBytes()) {
        splits.add(new InputSplit(f.path(), f.format(), start, Math.min(options.splitBytes(), f.size() - start)));
      }
    }
    if (splits.size() >= parallelism || conf == null) {
      return splits;
    }
    int perFile = (parallelism + splits.size() - 1) / splits.size();
    List<InputSplit> cut = new ArrayList<>();
    for (InputSplit s : splits) {
      long length = s.whole() && options.linePerRecord(s.format())
          && InputFormat.compressionOf(s.path()) == InputFormat.Compression.GZIP ? gzipLength(s.path(), conf) : -1;
      int pieces = (int) Math.min(perFile, length / minGzipRange);
      if (pieces < 2) {
        cut.add(s);
        continue;
      }
      for (int i = 0; i < pieces; i++) {
        long start = length / pieces * i;
        // the last range reads to the end, whatever the length the gzip trailer gave
        long size = i == pieces - 1 ? Long.MAX_VALUE - start : length / pieces;
        cut.add(new InputSplit(s.path(), s.format(), start, size));
      }
    }
    return cut;
  }

  /** Decompressed bytes below which a gzip file is not worth cutting: each range repeats the inflating before it. */
  static final long MIN_GZIP_RANGE = 8L << 20;

  /**
   * A gzip file's decompressed length from its trailer (ISIZE, the length mod 2^32 of its last member), or -1
   * when the trailer cannot be what it claims: a length below the compressed size belongs to a file of
   * several members, or of 4 GiB and more. A wrong length only balances the ranges badly, since they keep
   * every line either way.
   */
  static long gzipLength(String file, Configuration conf) {
    Path p = new Path(file);
    try {
      FileSystem fs = p.getFileSystem(conf);
      long compressed = fs.getFileStatus(p).getLen();
      if (compressed < 18) {
        return -1;
      }
      byte[] trailer = new byte[4];
      try (var in = fs.open(p)) {
        in.readFully(compressed - 4, trailer, 0, 4);
      }
      long isize = (trailer[0] & 0xFFL) | (trailer[1] & 0xFFL) << 8 | (trailer[2] & 0xFFL) << 16
          | (trailer[3] & 0xFFL) << 24;
      return isize >= compressed ? isize : -1;
    } catch (IOException e) {
      return -1; // the reading task reports the file
    }
  }
}
