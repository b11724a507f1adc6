package dev.winnow.jobs.cli;

import dev.winnow.jobs.Sessions;
import dev.winnow.jobs.TrainNgramJob;
import dev.winnow.scorers.ConfigException;
import dev.winnow.scorers.ngram.TextPrep;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "train-ngram", mixinStandardHelpOptions = true,
    description = {"Count n-grams with Spark and estimate a modified Kneser-Ney model as KenLM's lmplz does.",
        "Writes MODEL.arpa[.gz] and the model card MODEL.json (text preparation, split, provenance)."})
public final class TrainNgramCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  CommonOptions common = new CommonOptions();

  @Mixin
  ReadOptionsMixin read = new ReadOptionsMixin();

  @Mixin
  TrainingInputMixin training = new TrainingInputMixin();

  @Option(names = "--order", defaultValue = "5", description = "N-gram order (default: ${DEFAULT-VALUE})")
  int order;

  @Option(names = {"-o", "--output"}, required = true, description = "The model: a path ending in .arpa or .arpa.gz")
  String output;

  @Option(names = "--normalize", defaultValue = "none",
      description = "Text preparation: none or ccnet (default: ${DEFAULT-VALUE}); scoring must use the same")
  String normalize;

  @Option(names = "--discount-fallback", description = "Where a corpus is too small or too artificial for an order's "
      + "discounts, use D1 0.5, D2 1, D3+ 1.5 (lmplz's --discount_fallback) instead of stopping; the card lists "
      + "those orders")
  boolean discountFallback;

  @Override
  public Integer call() {
    TrainNgramJob.Options o = new TrainNgramJob.Options();
    o.inputs = training.paths("n-gram model");
    o.separateReference = training.separateReference();
    o.read = read.toReadOptions("train n-gram model");
    o.order = order;
    o.output = output;
    try {
      o.prep = TextPrep.of(normalize);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("Cannot train n-gram model: --normalize must be none or ccnet, got '" + normalize + "'");
    }
    o.referenceFraction = training.referenceFraction;
    o.seed = training.seed;
    o.discountFallback = discountFallback;
    common.configureLogging();
    SparkSession spark = Sessions.getOrCreate(common.master);
    TrainNgramJob.Result r = TrainNgramJob.run(spark, o);
    PrintWriter out = spec.commandLine().getOut();
    StringBuilder counts = new StringBuilder();
    for (int n = 1; n <= order; n++) {
      counts.append(n == 1 ? "" : ", ").append(n).append("-grams ").append(r.ngrams()[n - 1]);
    }
    double total = r.seconds().get("total");
    int cores = spark.sparkContext().defaultParallelism();
    out.printf("trained a %d-gram model on %d documents, %d lines, %d tokens in %.1f s (%,.0f tokens/s, %,.0f per core "
        + "on %d cores): %s%n", order, r.documents(), r.lines(), r.tokens(), total, r.tokens() / total,
        r.tokens() / total / cores, cores, counts);
    out.printf("seconds by phase: %s%n", r.seconds());
    out.printf("wrote %s and %s%n", r.arpa(), r.card());
    return 0;
  }
}
