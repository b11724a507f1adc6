package dev.winnow.jobs;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Atomic replacement of an output directory: jobs write into a hidden staging directory beside it, which
 * is renamed into place, and the manifest goes in last. A directory without its manifest is never a
 * finished output, so an interrupted run cannot be mistaken for one.
 */
public final class Outputs {
  private Outputs() {
  }

  /**
   * Refuses to replace a directory that Winnow did not write: an existing output may only hold what a score
   * or sweep run leaves there, so a mistyped {@code --output} never deletes someone's data.
   */
  public static void checkReplaceable(Configuration conf, Path output) {
    try {
      FileSystem fs = output.getFileSystem(conf);
      if (!fs.exists(output)) {
        return;
      }
      if (!fs.getFileStatus(output).isDirectory()) {
        throw new dev.winnow.scorers.ConfigException("Cannot write " + output + ": it is a file");
      }
      for (org.apache.hadoop.fs.FileStatus child : fs.listStatus(output)) {
        String name = child.getPath().getName();
        boolean ours = name.equals("scores") || name.equals("quarantine") || name.equals("_SUCCESS")
            || name.equals("_manifest.json") || name.equals("_sweep.json") || name.startsWith("discard=")
            || name.startsWith(".");
        if (!ours) {
          throw new dev.winnow.scorers.ConfigException("Cannot write " + output + ": it exists and holds '" + name
              + "', which is not Winnow output; remove it or choose another --output");
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot check output " + output + ": " + e.getMessage(), e);
    }
  }

  public static Path staging(Path output, String runId) {
    return new Path(output.getParent(), "." + output.getName() + ".staging-" + runId);
  }

  public static void commit(Configuration conf, Path staging, Path output, String manifestName, String manifest) {
    try {
      FileSystem fs = output.getFileSystem(conf);
      if (fs.exists(output)) {
        fs.delete(new Path(output, manifestName), false);
        if (!fs.delete(output, true)) {
          throw new IOException("could not remove the previous output");
        }
      }
      if (!fs.rename(staging, output)) {
        throw new IOException("could not rename " + staging + " to " + output);
      }
      writeString(fs, new Path(output, manifestName), manifest);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot commit output " + output + ": " + e.getMessage(), e);
    }
  }

  public static void discard(Configuration conf, Path staging) {
    try {
      staging.getFileSystem(conf).delete(staging, true);
    } catch (IOException ignored) {
      // best effort: a leftover hidden staging directory is never read as output
    }
  }

  public static boolean exists(Configuration conf, Path p) {
    try {
      return p.getFileSystem(conf).exists(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static void writeString(FileSystem fs, Path path, String content) throws IOException {
    try (OutputStream out = fs.create(path, true)) {
      out.write(content.getBytes(StandardCharsets.UTF_8));
    }
  }

  public static String readString(Configuration conf, Path path) throws IOException {
    FileSystem fs = path.getFileSystem(conf);
    try (InputStream in = fs.open(path)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
