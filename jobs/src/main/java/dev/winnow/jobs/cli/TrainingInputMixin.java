package dev.winnow.jobs.cli;

import dev.winnow.scorers.ConfigException;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * What a reference model is trained on, shared by train-ngram and train-lm: a seeded fraction of
 * {@code --input} (the Perplexed-by-Perplexity protocol) or a separate clean {@code --reference} corpus
 * (CCNet's).
 */
final class TrainingInputMixin {
  @Option(names = {"-i", "--input"}, arity = "1..*", description = "Documents to train on (any input score reads)")
  List<String> inputs = new ArrayList<>();

  @Option(names = "--reference", arity = "1..*",
      description = "A separate clean corpus to train on instead of --input (the CCNet protocol)")
  List<String> reference = new ArrayList<>();

  @Option(names = "--reference-fraction", defaultValue = "1",
      description = "Train on this seeded random fraction of the documents (Perplexed by Perplexity); 1: all")
  double referenceFraction;

  @Option(names = "--seed", defaultValue = "0", description = "Seed of the reference split")
  long seed;

  /** The paths to train on, after checking that exactly one protocol was asked for. */
  List<String> paths(String what) {
    if (inputs.isEmpty() == reference.isEmpty()) {
      throw new ConfigException("Cannot train " + what + ": give --input (with --reference-fraction to hold out "
          + "the rest) or --reference, not both");
    }
    if (!reference.isEmpty() && referenceFraction != 1) {
      throw new ConfigException("Cannot train " + what + ": --reference-fraction splits --input, not --reference");
    }
    return reference.isEmpty() ? inputs : reference;
  }

  boolean separateReference() {
    return !reference.isEmpty();
  }
}
