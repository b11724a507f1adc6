package dev.winnow.jobs.io;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.to_json;

import dev.winnow.schemas.QuarantineReason;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.AtomicType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;

/**
 * Parquet inputs through Spark's own reader (splittable, column-pruned); each row becomes a document or a
 * quarantine record, positioned by the file's row index.
 */
public final class ParquetRecords {
  private static final String FILE = "__winnow_file";
  private static final String ROW = "__winnow_row";

  private ParquetRecords() {
  }

  public static JavaRDD<ParsedRecord> read(SparkSession spark, List<InputFile> files, ReadOptions options) {
    String[] paths = files.stream().map(InputFile::path).toArray(String[]::new);
    Dataset<Row> df = spark.read().parquet(paths);
    StructField textField = field(df, options.textField());
    List<Column> select = new ArrayList<>();
    List<String> metaNames = new ArrayList<>();
    for (StructField f : df.schema().fields()) {
      String n = f.name();
      if (n.equals(options.textField()) || n.equals(options.idField()) || n.equals(options.sourceField())) {
        select.add(col("`" + n + "`").cast(DataTypes.StringType).as(n));
      } else {
        metaNames.add(n);
        Column c = col("`" + n + "`");
        select.add((f.dataType() instanceof AtomicType ? c.cast(DataTypes.StringType) : to_json(c)).as(n));
      }
    }
    select.add(col("_metadata.file_path").as(FILE));
    select.add(col("_metadata.row_index").as(ROW));
    boolean textIsString = textField != null && textField.dataType().equals(DataTypes.StringType);
    boolean hasText = textField != null;
    boolean hasId = field(df, options.idField()) != null;
    boolean hasSource = field(df, options.sourceField()) != null;
    return df.select(select.toArray(new Column[0])).javaRDD().mapPartitions(rows -> convert(rows, options,
        hasText, textIsString, hasId, hasSource, metaNames));
  }

  private static StructField field(Dataset<Row> df, String name) {
    for (StructField f : df.schema().fields()) {
      if (f.name().equals(name)) {
        return f;
      }
    }
    return null;
  }

  private static Iterator<ParsedRecord> convert(Iterator<Row> rows, ReadOptions o, boolean hasText,
      boolean textIsString, boolean hasId, boolean hasSource, List<String> metaNames) {
    RecordParser parser = new RecordParser(o);
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return rows.hasNext();
      }

      @Override
      public ParsedRecord next() {
        Row r = rows.next();
        String file = r.getAs(FILE);
        long position = r.<Long>getAs(ROW);
        String text = hasText ? r.getAs(o.textField()) : null;
        if (!hasText || text == null) {
          return ParsedRecord.bad(file, position, QuarantineReason.MISSING_TEXT, "no '" + o.textField() + "' value",
              null);
        }
        if (!textIsString) {
          return ParsedRecord.bad(file, position, QuarantineReason.TEXT_NOT_STRING,
              "'" + o.textField() + "' is not a string column", text);
        }
        Map<String, String> meta = new HashMap<>();
        for (String n : metaNames) {
          meta.put(n, r.getAs(n));
        }
        String id = hasId ? r.getAs(o.idField()) : null;
        String source = hasSource ? r.getAs(o.sourceField()) : null;
        return parser.document(file, position, id, source, text, null, meta, () -> text);
      }
    };
  }
}
