package dev.winnow.jobs;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaRDD;

/**
 * Brings an RDD's partitions to the driver one job per partition, {@code inFlight} jobs at a time, handing
 * each partition's elements over as soon as its job ends. Like {@code toLocalIterator}, the driver holds a
 * few partitions' results at most and {@code spark.driver.maxResultSize} bounds one partition's, not all of
 * them; unlike it, which runs one job after another, the partitions are serialized and shipped on all the
 * cores at once.
 */
final class PartitionFetch {
  private PartitionFetch() {
  }

  static <T> void each(JavaRDD<T> rdd, int inFlight, Consumer<T> use) {
    int parts = rdd.getNumPartitions();
    int threads = Math.min(Math.max(1, inFlight), parts);
    if (threads == 0) {
      return;
    }
    SparkContext sc = rdd.context();
    String group = "winnow-fetch-" + UUID.randomUUID();
    ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "winnow-partition-fetch");
      t.setDaemon(true);
      return t;
    });
    ExecutorCompletionService<List<T>> jobs = new ExecutorCompletionService<>(pool);
    boolean failed = true;
    try {
      int submitted = 0;
      for (; submitted < threads; submitted++) {
        submit(jobs, rdd, sc, group, submitted);
      }
      for (int received = 0; received < parts; received++) {
        List<T> result = jobs.take().get();
        if (submitted < parts) {
          submit(jobs, rdd, sc, group, submitted++);
        }
        result.forEach(use);
      }
      failed = false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Cannot fetch partitions: interrupted", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      throw cause instanceof RuntimeException r ? r : new IllegalStateException(cause.getMessage(), cause);
    } finally {
      if (failed) {
        sc.cancelJobGroup(group);
      }
      pool.shutdownNow();
    }
  }

  private static <T> void submit(ExecutorCompletionService<List<T>> jobs, JavaRDD<T> rdd, SparkContext sc,
      String group, int partition) {
    jobs.submit(() -> {
      sc.setJobGroup(group, "fetch partition " + partition, true);
      return rdd.collectPartitions(new int[] {partition})[0];
    });
  }
}
