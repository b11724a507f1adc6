package dev.winnow.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;

/** Every element of every partition reaches the driver once, with more partitions than jobs in flight. */
class PartitionFetchTest extends SparkTestBase {
  @Test
  void handsOverEveryPartitionOnce() {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    List<Integer> values = IntStream.range(0, 1000).boxed().toList();
    for (int inFlight : new int[] {1, 2, 3, 20}) {
      JavaRDD<Integer> rdd = jsc.parallelize(values, 7);
      List<Integer> got = new ArrayList<>();
      PartitionFetch.each(rdd, inFlight, got::add);
      assertEquals(1000, got.size(), "in flight " + inFlight);
      got.sort(null);
      assertEquals(values, got, "in flight " + inFlight);
    }
    List<Integer> none = new ArrayList<>();
    PartitionFetch.each(jsc.<Integer>emptyRDD(), 2, none::add);
    assertTrue(none.isEmpty());
  }

  /** A failing partition fails the fetch with its own exception, not a hang. */
  @Test
  void aFailedPartitionFailsTheFetch() {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    JavaRDD<Integer> rdd = jsc.parallelize(IntStream.range(0, 100).boxed().toList(), 5).map(v -> {
      if (v == 77) {
        throw new IllegalArgumentException("bad value " + v);
      }
      return v;
    });
    Exception e = assertThrows(Exception.class, () -> PartitionFetch.each(rdd, 2, v -> { }));
    assertTrue(String.valueOf(e.getMessage()).contains("bad value 77"), e.getMessage());
  }
}
