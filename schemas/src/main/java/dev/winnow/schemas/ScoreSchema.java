package dev.winnow.schemas;

import dev.winnow.scorers.ScoreColumn;
import dev.winnow.scorers.ScoreType;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.MetadataBuilder;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Layout of {@code OUT/scores}: the document columns, then one column per score named
 * {@code <scorer>_<signal>}. Field metadata carries each column's scorer, version and direction into the
 * Parquet footer (Spark stores the schema there), so a file describes itself without the manifest.
 */
public final class ScoreSchema {
  private ScoreSchema() {
  }

  /** One scorer's columns as they appear in the output. */
  public record ScorerColumns(String scorer, String version, List<ScoreColumn> columns) {
  }

  public static StructType documentSchema() {
    return new StructType(new StructField[] {
        DataTypes.createStructField(Columns.ID, DataTypes.StringType, false),
        DataTypes.createStructField(Columns.SOURCE, DataTypes.StringType, false),
        DataTypes.createStructField(Columns.TEXT, DataTypes.StringType, false),
        DataTypes.createStructField(Columns.N_CHARS, DataTypes.IntegerType, false),
        DataTypes.createStructField(Columns.TRUNCATED, DataTypes.BooleanType, false),
        DataTypes.createStructField(Columns.METADATA,
            DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType, true), false),
        DataTypes.createStructField(Columns.RECORD_KEY, DataTypes.LongType, false)});
  }

  public static StructType scoresSchema(List<ScorerColumns> scorers, String runMetadataJson) {
    List<StructField> fields = new ArrayList<>();
    for (StructField f : documentSchema().fields()) {
      if (f.name().equals(Columns.ID) && runMetadataJson != null) {
        fields.add(new StructField(f.name(), f.dataType(), f.nullable(),
            new MetadataBuilder().putString("winnow_run", runMetadataJson).build()));
      } else {
        fields.add(f);
      }
    }
    for (ScorerColumns s : scorers) {
      fields.addAll(scoreFields(s));
    }
    return new StructType(fields.toArray(new StructField[0]));
  }

  /** One field per score column, its metadata naming the scorer, version and direction. */
  public static List<StructField> scoreFields(ScorerColumns s) {
    List<StructField> fields = new ArrayList<>();
    for (ScoreColumn c : s.columns()) {
      Metadata meta = new MetadataBuilder()
          .putString("scorer", s.scorer())
          .putString("scorer_version", s.version())
          .putString("direction", c.direction().name().toLowerCase())
          .putString("description", c.description())
          .build();
      fields.add(new StructField(c.qualifiedName(s.scorer()), sparkType(c.type()), true, meta));
    }
    return fields;
  }

  public static DataType sparkType(ScoreType type) {
    return switch (type) {
      case DOUBLE -> DataTypes.DoubleType;
      case LONG -> DataTypes.LongType;
      case BOOLEAN -> DataTypes.BooleanType;
      case STRING -> DataTypes.StringType;
    };
  }
}
