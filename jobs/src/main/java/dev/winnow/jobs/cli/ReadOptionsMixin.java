package dev.winnow.jobs.cli;

import dev.winnow.jobs.io.InputFormat;
import dev.winnow.jobs.io.ReadOptions;
import dev.winnow.scorers.ConfigException;
import picocli.CommandLine.Option;

/** How input records become documents: the options every command that reads shards shares. */
public final class ReadOptionsMixin {
  @Option(names = "--format", description = "auto, jsonl, text or parquet (default: ${DEFAULT-VALUE}: from file names)",
      defaultValue = "auto")
  String format;

  @Option(names = "--text-field", defaultValue = "text", description = "Field holding the text (default: ${DEFAULT-VALUE})")
  String textField;

  @Option(names = "--id-field", defaultValue = "id", description = "Field holding the id (default: ${DEFAULT-VALUE})")
  String idField;

  @Option(names = "--source-field", defaultValue = "source",
      description = "Field naming the source (default: ${DEFAULT-VALUE}; else the file name)")
  String sourceField;

  @Option(names = "--text-per-line", description = "Plain text: one document per line instead of per file")
  boolean textPerLine;

  @Option(names = "--max-chars", defaultValue = "1000000",
      description = "Longer documents are quarantined (default: ${DEFAULT-VALUE})")
  int maxChars;

  @Option(names = "--truncate", description = "Keep the first --max-chars characters of longer documents instead")
  boolean truncate;

  /** Validated read options; {@code verb} names the command in error messages. */
  public ReadOptions toReadOptions(String verb) {
    if (maxChars < 1) {
      throw new ConfigException("Cannot " + verb + ": --max-chars must be positive");
    }
    InputFormat forced;
    switch (format.toLowerCase()) {
      case "auto" -> forced = null;
      case "jsonl", "json" -> forced = InputFormat.JSONL;
      case "text", "txt" -> forced = InputFormat.TEXT;
      case "parquet" -> forced = InputFormat.PARQUET;
      default -> throw new ConfigException("Cannot " + verb + ": --format must be auto, jsonl, text or parquet, got '"
          + format + "'");
    }
    return new ReadOptions(forced, textField, idField, sourceField, textPerLine, maxChars, truncate,
        ReadOptions.defaults().splitBytes());
  }
}
