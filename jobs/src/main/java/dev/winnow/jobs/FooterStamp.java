package dev.winnow.jobs;

import dev.winnow.jobs.io.SerializableConf;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.metadata.FileMetaData;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * Writes the run's provenance and counts into every Parquet footer of an output, under the key
 * {@value #KEY}. Spark's writer offers no hook for footer metadata and the counts are only known once every
 * task has finished, so each file is copied row group by row group (raw bytes, nothing decoded) under the
 * new footer, as one distributed job. The same job reads every file's row count from its footer, which is
 * what the run reconciles against its tasks' counts before it commits.
 */
public final class FooterStamp {
  public static final String KEY = "winnow";

  private FooterStamp() {
  }

  /** Stamps every Parquet file of the directories; returns the rows the files hold, per directory. */
  public static long[] stamp(SparkSession spark, List<Path> dirs, String json) {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    List<String> files = new ArrayList<>();
    List<Integer> owners = new ArrayList<>();
    try {
      for (int d = 0; d < dirs.size(); d++) {
        FileSystem fs = dirs.get(d).getFileSystem(conf);
        for (FileStatus f : fs.listStatus(dirs.get(d))) {
          if (f.getPath().getName().endsWith(".parquet")) {
            files.add(f.getPath().toString());
            owners.add(d);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + dirs + ": " + e.getMessage(), e);
    }
    long[] rows = new long[dirs.size()];
    if (files.isEmpty()) {
      return rows;
    }
    SerializableConf shipped = new SerializableConf(conf);
    List<Long> perFile = JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(files, files.size())
        .map(file -> rewrite(new Path(file), json, shipped.get())).collect();
    for (int i = 0; i < perFile.size(); i++) {
      rows[owners.get(i)] += perFile.get(i);
    }
    return rows;
  }

  /** Rewrites one file under the new footer; returns its row count. */
  private static long rewrite(Path file, String json, Configuration conf) throws IOException {
    Path tmp = new Path(file.getParent(), "." + file.getName() + ".stamp");
    HadoopInputFile in = HadoopInputFile.fromPath(file, conf);
    FileMetaData meta;
    long rows;
    try (ParquetFileReader reader = ParquetFileReader.open(in)) {
      meta = reader.getFooter().getFileMetaData();
      rows = reader.getRecordCount();
    }
    Map<String, String> kv = new HashMap<>(meta.getKeyValueMetaData());
    kv.put(KEY, json);
    ParquetFileWriter writer = new ParquetFileWriter(HadoopOutputFile.fromPath(tmp, conf), meta.getSchema(),
        ParquetFileWriter.Mode.OVERWRITE, org.apache.parquet.hadoop.ParquetWriter.DEFAULT_BLOCK_SIZE, 0);
    writer.start();
    writer.appendFile(in);
    writer.end(kv);
    FileSystem fs = file.getFileSystem(conf);
    fs.delete(file, false);
    if (!fs.rename(tmp, file)) {
      throw new IOException("rename " + tmp + " -> " + file + " failed");
    }
    return rows;
  }
}
