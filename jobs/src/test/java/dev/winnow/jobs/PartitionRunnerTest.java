package dev.winnow.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.winnow.scorers.Direction;
import dev.winnow.scorers.Document;
import dev.winnow.scorers.Param;
import dev.winnow.scorers.ScoreColumn;
import dev.winnow.scorers.ScoreType;
import dev.winnow.scorers.Scorer;
import dev.winnow.scorers.ScorerContext;
import java.util.List;
import org.apache.spark.unsafe.types.UTF8String;
import org.junit.jupiter.api.Test;

/** Score values reach the writer in Spark's internal form, and a value of the wrong type is refused by name. */
class PartitionRunnerTest {
  private static final Scorer SCORER = new Scorer() {
    @Override
    public String name() {
      return "typed";
    }

    @Override
    public String version() {
      return "1";
    }

    @Override
    public List<Param<?>> params() {
      return List.of();
    }

    @Override
    public List<ScoreColumn> columns() {
      return List.of(new ScoreColumn("tokens", ScoreType.LONG, Direction.NEUTRAL, "a count"),
          new ScoreColumn("label", ScoreType.STRING, Direction.NEUTRAL, "a label"));
    }

    @Override
    public void open(ScorerContext context) {
    }

    @Override
    public List<Object[]> score(List<Document> batch) {
      return List.of();
    }

    @Override
    public void close() {
    }
  };

  @Test
  void valuesOfTheDeclaredTypePassInInternalForm() {
    assertEquals(7L, PartitionRunner.internal(SCORER, 0, ScoreType.LONG, 7L));
    assertEquals(UTF8String.fromString("été"), PartitionRunner.internal(SCORER, 1, ScoreType.STRING, "été"));
    assertEquals(0.5, PartitionRunner.internal(SCORER, 0, ScoreType.DOUBLE, 0.5));
    assertEquals(true, PartitionRunner.internal(SCORER, 0, ScoreType.BOOLEAN, true));
    assertNull(PartitionRunner.internal(SCORER, 0, ScoreType.LONG, null));
  }

  @Test
  void aValueOfAnotherTypeIsRefusedWithItsColumn() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> PartitionRunner.internal(SCORER, 0, ScoreType.LONG, 7));
    assertEquals("Cannot score batch: scorer 'typed' returned a Integer for its long column 'tokens'", e.getMessage());
    assertThrows(IllegalStateException.class, () -> PartitionRunner.internal(SCORER, 1, ScoreType.STRING, 1.0));
  }
}
