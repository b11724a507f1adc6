package dev.winnow.jobs.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.winnow.jobs.SparkTestBase;
import dev.winnow.scorers.ConfigException;
import dev.winnow.scorers.Document;
import dev.winnow.scorers.ScoreColumn;
import dev.winnow.scorers.ScorerConfig;
import dev.winnow.scorers.heuristics.HeuristicsScorer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * The transformer on the committed sample corpus: every score equals what the scorer gives the same text
 * in-process, whatever the partitioning, inside an ML Pipeline too.
 */
class ScorerTransformerTest extends SparkTestBase {
  private static Dataset<Row> sample() {
    return spark.read().option("pathGlobFilter", "*.jsonl.gz")
        .json(java.nio.file.Path.of("../data/sample").toAbsolutePath().normalize().toString()).select("id", "source", "text");
  }

  private static Map<String, Object[]> inProcess(List<Row> rows, Map<String, String> options) {
    HeuristicsScorer s = new HeuristicsScorer();
    s.configure(ScorerConfig.resolve(s.name(), s.params(), options));
    List<Document> docs = new ArrayList<>();
    for (Row r : rows) {
      docs.add(new Document(r.getString(0), r.getString(1), r.getString(2)));
    }
    List<Object[]> scores = s.score(docs);
    Map<String, Object[]> byId = new HashMap<>();
    for (int i = 0; i < docs.size(); i++) {
      byId.put(docs.get(i).id(), scores.get(i));
    }
    return byId;
  }

  private static void assertMatches(Dataset<Row> scored, Map<String, Object[]> expected) {
    List<String> names = new ArrayList<>();
    HeuristicsScorer s = new HeuristicsScorer();
    for (ScoreColumn c : s.columns()) {
      names.add(c.qualifiedName(s.name()));
    }
    List<Row> rows = scored.select("id", names.toArray(new String[0])).collectAsList();
    assertEquals(expected.size(), rows.size());
    for (Row r : rows) {
      Object[] got = new Object[names.size()];
      for (int i = 0; i < got.length; i++) {
        got[i] = r.get(1 + i);
      }
      assertArrayEquals(expected.get(r.getString(0)), got, r.getString(0));
    }
  }

  @Test
  void scoresEqualTheScorerInProcessWhateverThePartitioning() {
    Dataset<Row> df = sample();
    Map<String, Object[]> expected = inProcess(df.collectAsList(), Map.of());
    assertTrue(expected.size() > 400, "sample has " + expected.size() + " distinct ids");
    ScorerTransformer t = new ScorerTransformer().setScorer("heuristics");
    assertMatches(t.transform(df.repartition(1)), expected);
    assertMatches(t.transform(df.repartition(5)), expected);
    Dataset<Row> viaPipeline = new Pipeline().setStages(new PipelineStage[] {t}).fit(df).transform(df);
    assertMatches(viaPipeline, expected);
    StructType schema = t.transform(df).schema();
    assertEquals("higher_is_better", schema.apply("heuristics_quality").metadata().getString("direction"));
  }

  @Test
  void optionsReachTheScorer() {
    Dataset<Row> df = sample();
    Map<String, Object[]> expected = inProcess(df.collectAsList(), Map.of("gopher_min_doc_words", "5000"));
    assertMatches(new ScorerTransformer().setScorer("heuristics").setConf("gopher_min_doc_words=5000").transform(df),
        expected);
  }

  @Test
  void nullTextGetsNullScoresAndOtherColumnsPassThrough() {
    StructType schema = new StructType().add("doc", DataTypes.LongType).add("body", DataTypes.StringType);
    Dataset<Row> df = spark.createDataFrame(List.of(RowFactory.create(1L, "One short line."),
        RowFactory.create(2L, null)), schema);
    List<Row> rows = new ScorerTransformer().setScorer("heuristics").setTextCol("body").transform(df)
        .orderBy("doc").collectAsList();
    assertEquals(1L, rows.get(0).getLong(0));
    assertTrue(rows.get(0).getDouble(rows.get(0).fieldIndex("heuristics_quality")) > 0);
    assertTrue(rows.get(1).isNullAt(rows.get(1).fieldIndex("heuristics_quality")));
    assertEquals(2L, rows.get(1).getLong(0));
  }

  @Test
  void badSettingsAreOneReadableLine() {
    Dataset<Row> df = sample();
    assertEquals("Cannot score: no scorer set (setScorer(\"heuristics\"), for example)",
        assertThrows(ConfigException.class, () -> new ScorerTransformer().transform(df)).getMessage());
    assertTrue(assertThrows(ConfigException.class,
        () -> new ScorerTransformer().setScorer("nope").transform(df)).getMessage().contains("nope"));
    assertTrue(assertThrows(ConfigException.class,
        () -> new ScorerTransformer().setScorer("heuristics").setConf("no_such_key=1").transform(df))
        .getMessage().contains("no_such_key"));
    assertTrue(assertThrows(ConfigException.class,
        () -> new ScorerTransformer().setScorer("heuristics").setTextCol("body").transform(df))
        .getMessage().startsWith("Cannot score: no column 'body'"));
    assertTrue(assertThrows(ConfigException.class,
        () -> new ScorerTransformer().setScorer("heuristics").setTextCol("id").transform(df.selectExpr("1 as id")))
        .getMessage().contains("not string"));
    Dataset<Row> once = new ScorerTransformer().setScorer("heuristics").transform(df);
    assertTrue(assertThrows(ConfigException.class, () -> new ScorerTransformer().setScorer("heuristics").transform(once))
        .getMessage().contains("already has a column"));
    assertTrue(Arrays.asList(once.columns()).contains("heuristics_gopher_words"));
  }
}
