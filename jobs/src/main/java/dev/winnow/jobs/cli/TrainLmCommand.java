package dev.winnow.jobs.cli;

import dev.winnow.jobs.Sessions;
import dev.winnow.jobs.TrainLmJob;
import dev.winnow.scorers.ConfigException;
import dev.winnow.scorers.lm.ByteTokenizer;
import dev.winnow.scorers.lm.HfTokenizer;
import dev.winnow.scorers.lm.LmConfig;
import dev.winnow.scorers.lm.LmTraining;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "train-lm", mixinStandardHelpOptions = true,
    description = {"Train a small causal transformer LM with DJL (PyTorch engine, CPU), on bytes or on the tokens "
        + "of a Hugging Face tokenizer.json.",
        "Writes MODEL/config.json, MODEL/lm-0000.params and MODEL/card.json (and MODEL/tokenizer.json); "
            + "checkpoints to MODEL/checkpoint, from which a rerun with the same options resumes."})
public final class TrainLmCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  CommonOptions common = new CommonOptions();

  @Mixin
  ReadOptionsMixin read = new ReadOptionsMixin();

  @Mixin
  TrainingInputMixin training = new TrainingInputMixin();

  @Option(names = {"-o", "--output"}, required = true, description = "Model directory")
  String output;

  @Option(names = "--layers", defaultValue = "2", description = "Transformer blocks (default: ${DEFAULT-VALUE})")
  int layers;

  @Option(names = "--width", defaultValue = "128", description = "Model width (default: ${DEFAULT-VALUE})")
  int width;

  @Option(names = "--heads", defaultValue = "4", description = "Attention heads (default: ${DEFAULT-VALUE})")
  int heads;

  @Option(names = "--context", defaultValue = "256", description = "Context in tokens (default: ${DEFAULT-VALUE})")
  int context;

  @Option(names = "--tokenizer", description = "A Hugging Face tokenizer.json to train with instead of bytes; "
      + "copied into the model directory")
  String tokenizer;

  @Option(names = "--steps", defaultValue = "2000", description = "Optimizer steps (default: ${DEFAULT-VALUE})")
  int steps;

  @Option(names = "--batch", defaultValue = "16", description = "Windows per step (default: ${DEFAULT-VALUE})")
  int batch;

  @Option(names = "--lr", defaultValue = "2e-3", description = "Adam's peak learning rate: linear warm-up over the "
      + "first tenth of the steps (at most 100), then cosine decay to a tenth of it (default: ${DEFAULT-VALUE})")
  float lr;

  @Option(names = "--max-seconds", defaultValue = "0",
      description = "Stop after this long with a checkpoint, even if steps remain; 0: no limit")
  double maxSeconds;

  @Option(names = "--validation-fraction", defaultValue = "0.05",
      description = "Share of the training documents held out for validation loss (default: ${DEFAULT-VALUE})")
  double validationFraction;

  @Override
  public Integer call() {
    List<String> paths = training.paths("LM");
    if (steps < 1 || batch < 1 || !(lr > 0)) {
      throw new ConfigException("Cannot train LM: --steps, --batch and --lr must be positive");
    }
    TrainLmJob.Options o = new TrainLmJob.Options();
    o.inputs = paths;
    o.separateReference = training.separateReference();
    o.read = read.toReadOptions("train LM");
    o.output = output;
    o.referenceFraction = training.referenceFraction;
    o.seed = training.seed;
    o.validationFraction = validationFraction;
    try {
      o.training.tokenizer = tokenizer == null ? ByteTokenizer.INSTANCE : HfTokenizer.load(Path.of(tokenizer));
      o.training.config = new LmConfig(layers, width, heads, context, o.training.tokenizer.vocab(),
          o.training.tokenizer.name());
    } catch (IllegalArgumentException e) {
      throw new ConfigException(e.getMessage());
    }
    o.training.steps = steps;
    o.training.batch = batch;
    o.training.learningRate = lr;
    o.training.seed = training.seed; // the split's seed also seeds initialization and batches
    o.training.maxSeconds = maxSeconds;
    common.configureLogging();
    SparkSession spark = Sessions.getOrCreate(common.master);
    PrintWriter out = spec.commandLine().getOut();
    LmTraining.Result r = TrainLmJob.run(spark, o, out);
    out.printf("trained %,d parameters for %d steps (%,d tokens) in %.1f s: validation loss %.4f nats/token "
        + "(%.3f bits/byte)%n", r.parameters(), r.steps(), r.tokensSeen(), r.seconds(), r.validationLoss(),
        r.validationBitsPerByte());
    out.printf("wrote %s (config.json, lm-0000.params, %scard.json)%n", output,
        tokenizer == null ? "" : "tokenizer.json, ");
    return 0;
  }
}
