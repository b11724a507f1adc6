package dev.winnow.jobs.cli;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import picocli.CommandLine.Option;

/** Options every Spark-running command shares. */
final class CommonOptions {
  @Option(names = "--master", description = "Spark master when not run by spark-submit (default: ${DEFAULT-VALUE})",
      defaultValue = "local[*]")
  String master;

  @Option(names = "--verbose", description = "Spark's INFO logs, and stack traces on errors")
  boolean verbose;

  /** Spark's INFO chatter drowns the one line a user needs; --verbose brings it back. */
  void configureLogging() {
    if (!verbose) {
      Configurator.setRootLevel(Level.WARN);
      Configurator.setLevel("org.apache.spark", Level.ERROR);
      Configurator.setLevel("org.apache.hadoop", Level.ERROR);
      Configurator.setLevel("org.apache.parquet", Level.ERROR);
    }
  }
}
