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

  /** Byte-range splits for the text formats. */
  public static List<InputSplit> splits(List<InputFile> files, ReadOptions options) {
    List<InputSplit> splits = new ArrayList<>();
    for (InputFile f : files) {
      if (f.format() == InputFormat.PARQUET) {
        continue;
      }
      boolean lineBased = f.format() == InputFormat.JSONL || options.textPerLine();
      boolean splittable = lineBased && InputFormat.compressionOf(f.path()) == InputFormat.Compression.NONE;
      if (!splittable || f.size() <= options.splitBytes()) {
        splits.add(new InputSplit(f.path(), f.format(), 0, -1));
        continue;
      }
      for (long start = 0; start < f.size(); start += options.splitBytes()) {
        splits.add(new InputSplit(f.path(), f.format(), start, Math.min(options.splitBytes(), f.size() - start)));
      }
    }
    return splits;
  }
}
