// The README's spark-shell session. DATA is the sample corpus, OUT a scratch directory.
import org.apache.spark.sql.SparkSession
import org.apache.spark.sql.functions._
val spark = SparkSession.builder().master("local[2]").config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1").getOrCreate()
spark.sparkContext.setLogLevel("ERROR")

import dev.winnow.jobs._
import dev.winnow.jobs.ml.ScorerTransformer

// any DataFrame with a string column "text"
val docs = spark.read.option("pathGlobFilter", "*.jsonl.gz").json("DATA").select("id", "source", "text")
val scored = new ScorerTransformer().setScorer("heuristics").transform(docs)
scored.groupBy("source").agg(count("*").as("docs"), round(avg("heuristics_quality"), 3).as("quality")).orderBy(desc("docs")).show(false)
println("SCORED=" + scored.count())
println("MEAN_QUALITY=" + scored.agg(avg("heuristics_quality")).first().getDouble(0))

// the score and sweep jobs as a library: score once, sweep without rescoring
val manifest = ScoreJob.run(spark, new ScoreOptions().input("DATA").output("OUT/scores"))
val sweep = new SweepOptions()
sweep.scores = "OUT/scores"
sweep.by = "heuristics_quality"
sweep.keep = SweepOptions.Keep.HIGH
sweep.discard = java.util.List.of("0.5")
sweep.output = "OUT/sweep"
val swept = SweepJob.run(spark, sweep)
println("KEPT=" + swept.rates.get(0).keptDocs)
spark.read.parquet("OUT/sweep/discard=0.5").groupBy("source").count().orderBy(desc("count")).show(false)
