package dev.winnow.jobs.ml;

import dev.winnow.jobs.PipelineConfig;
import dev.winnow.jobs.ScorerSpec;
import dev.winnow.schemas.ScoreSchema;
import dev.winnow.scorers.ConfigException;
import dev.winnow.scorers.Scorer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.StringArrayParam;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Any Winnow scorer as a Spark ML {@link Transformer}: appends the scorer's columns
 * ({@code <scorer>_<signal>}) to a DataFrame with a text column, so it composes with ML Pipelines and works
 * in spark-shell and notebooks. Options are validated exactly as {@code winnow score --conf} validates them.
 *
 * <pre>
 * new ScorerTransformer().setScorer("heuristics").setConf("gopher_min_doc_words=40").transform(df)
 * </pre>
 *
 * Rows whose text is null get null scores. The id given to the scorer is {@code idCol} when the frame has
 * it, else the row's partition and position; the source is {@code sourceCol} when present.
 */
public final class ScorerTransformer extends Transformer {
  private static final long serialVersionUID = 1L;

  private final String uid;
  private final Param<String> scorer;
  private final Param<String> textCol;
  private final Param<String> idCol;
  private final Param<String> sourceCol;
  private final StringArrayParam conf;
  private final IntParam batchSize;

  public ScorerTransformer() {
    this(Identifiable$.MODULE$.randomUID("winnowScorer"));
  }

  public ScorerTransformer(String uid) {
    this.uid = uid;
    scorer = new Param<>(this, "scorer", "name of a registered Winnow scorer (winnow scorers lists them)");
    textCol = new Param<>(this, "textCol", "column holding the text to score");
    idCol = new Param<>(this, "idCol", "column holding document ids, used when present");
    sourceCol = new Param<>(this, "sourceCol", "column holding the document source, used when present");
    conf = new StringArrayParam(this, "conf", "scorer options as key=value, as winnow score --conf scorer.key=value");
    batchSize = new IntParam(this, "batchSize", "documents per scorer call");
    setDefault(textCol, "text");
    setDefault(idCol, "id");
    setDefault(sourceCol, "source");
    setDefault(conf, new String[0]);
    setDefault(batchSize, 512);
  }

  // Spark ML finds a transformer's params through public no-argument methods returning them
  public Param<String> scorer() {
    return scorer;
  }

  public Param<String> textCol() {
    return textCol;
  }

  public Param<String> idCol() {
    return idCol;
  }

  public Param<String> sourceCol() {
    return sourceCol;
  }

  public StringArrayParam conf() {
    return conf;
  }

  public IntParam batchSize() {
    return batchSize;
  }

  public ScorerTransformer setScorer(String value) {
    set(scorer, value);
    return this;
  }

  public ScorerTransformer setTextCol(String value) {
    set(textCol, value);
    return this;
  }

  public ScorerTransformer setIdCol(String value) {
    set(idCol, value);
    return this;
  }

  public ScorerTransformer setSourceCol(String value) {
    set(sourceCol, value);
    return this;
  }

  public ScorerTransformer setConf(String... keyValues) {
    set(conf, keyValues);
    return this;
  }

  public ScorerTransformer setBatchSize(int value) {
    if (value < 1) {
      throw new ConfigException("Cannot set batchSize: must be at least 1, got " + value);
    }
    set(batchSize, value);
    return this;
  }

  /** The scorer and its validated options, as {@code winnow score} would resolve them. */
  ScorerSpec spec() {
    if (!isDefined(scorer)) {
      throw new ConfigException("Cannot score: no scorer set (setScorer(\"heuristics\"), for example)");
    }
    String name = $(scorer);
    List<String> confs = new ArrayList<>();
    for (String kv : $(conf)) {
      confs.add(name + "." + kv);
    }
    return PipelineConfig.resolve(List.of(name), null, confs).get(0);
  }

  @Override
  public StructType transformSchema(StructType schema) {
    String text = $(textCol);
    StructField field = Arrays.stream(schema.fields()).filter(f -> f.name().equals(text)).findFirst()
        .orElseThrow(() -> new ConfigException("Cannot score: no column '" + text + "' in " + schema.simpleString()));
    if (!field.dataType().equals(DataTypes.StringType)) {
      throw new ConfigException("Cannot score: column '" + text + "' is " + field.dataType().simpleString()
          + ", not string");
    }
    ScorerSpec spec = spec();
    Scorer s = spec.create();
    List<StructField> fields = new ArrayList<>(Arrays.asList(schema.fields()));
    for (StructField f : ScoreSchema.scoreFields(new ScoreSchema.ScorerColumns(s.name(), s.version(), s.columns()))) {
      if (Arrays.asList(schema.fieldNames()).contains(f.name())) {
        throw new ConfigException("Cannot score: the frame already has a column '" + f.name() + "'");
      }
      fields.add(f);
    }
    return new StructType(fields.toArray(new StructField[0]));
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    StructType in = dataset.schema();
    StructType out = transformSchema(in);
    List<String> names = Arrays.asList(in.fieldNames());
    ScoringPartitions fn = new ScoringPartitions(spec(), names.indexOf($(textCol)), names.indexOf($(idCol)),
        names.indexOf($(sourceCol)), in.size(), out.size() - in.size(), (Integer) getOrDefault(batchSize));
    Dataset<Row> scored = dataset.toDF().mapPartitions(fn, Encoders.row(out));
    // the row encoder drops field metadata; put back the scorer, version and direction of each column
    Column[] withMeta = new Column[out.size()];
    for (int i = 0; i < out.size(); i++) {
      StructField f = out.fields()[i];
      withMeta[i] = scored.col("`" + f.name() + "`").as(f.name(), f.metadata());
    }
    return scored.select(withMeta);
  }

  @Override
  public Transformer copy(ParamMap extra) {
    return defaultCopy(extra);
  }

  @Override
  public String uid() {
    return uid;
  }
}
