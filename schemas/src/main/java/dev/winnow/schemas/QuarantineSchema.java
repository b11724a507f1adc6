package dev.winnow.schemas;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Layout of {@code OUT/quarantine}: one row per input record that could not become a document.
 * {@code position} is the byte offset of the record in the (decompressed) file, or the row index in a
 * Parquet file.
 */
public final class QuarantineSchema {
  private QuarantineSchema() {
  }

  public static final String FILE = "file";
  public static final String POSITION = "position";
  public static final String REASON = "reason";
  public static final String DETAIL = "detail";
  public static final String RAW_PREFIX = "raw_prefix";

  /** How many characters of the offending record are kept. */
  public static final int PREFIX_CHARS = 200;

  public static StructType schema() {
    return new StructType(new StructField[] {
        DataTypes.createStructField(FILE, DataTypes.StringType, false),
        DataTypes.createStructField(POSITION, DataTypes.LongType, false),
        DataTypes.createStructField(REASON, DataTypes.StringType, false),
        DataTypes.createStructField(DETAIL, DataTypes.StringType, true),
        DataTypes.createStructField(RAW_PREFIX, DataTypes.StringType, true)});
  }
}
