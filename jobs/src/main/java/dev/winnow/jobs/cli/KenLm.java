package dev.winnow.jobs.cli;

import dev.winnow.scorers.ConfigException;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * KenLM's own {@code query} and {@code lmplz}, run on the bench's text beside Winnow's measurement, so that
 * a ratio to KenLM is one taken on the same machine and the same input rather than against a figure from
 * another processor. {@code scripts/build-kenlm.sh} builds them; nothing else in Winnow needs them.
 */
final class KenLm {
  /** lmplz's closing resource line: "... user:9.87 sys:3.57 CPU:13.45 real:11.89". */
  private static final Pattern USAGE = Pattern.compile("user:([0-9.]+)\\s+sys:([0-9.]+)\\s+CPU:[0-9.]+\\s+real:([0-9.]+)");
  private static final Pattern TOKENS = Pattern.compile("(?m)^Tokens:\\s*(\\d+)");

  private final Path bin;

  private KenLm(Path bin) {
    this.bin = bin;
  }

  /** The binaries in {@code dir}; a missing one is a readable error, before anything is measured. */
  static KenLm at(String dir, String... needed) {
    Path bin = Path.of(dir);
    for (String tool : needed) {
      if (!Files.isExecutable(bin.resolve(tool))) {
        throw new ConfigException("Cannot bench against KenLM: no executable " + bin.resolve(tool)
            + " (scripts/build-kenlm.sh builds it)");
      }
    }
    return new KenLm(bin);
  }

  /** lmplz's time on one training text, and the ARPA file it wrote. */
  record Training(double wallSeconds, double cpuSeconds, Path arpa) {
  }

  /** KenLM's query, one thread, ready to run on a prepared text. */
  final class Query {
    private final Path model;
    private final Path text;

    private Query(Path model, Path text) {
      this.model = model;
      this.text = text;
    }

    /**
     * One {@code query -v summary} over the text: its tokens over the process's wall time, the mapped
     * binary's loading included (a few milliseconds).
     */
    double tokensPerSecond() throws IOException, InterruptedException {
      long t0 = System.nanoTime();
      String output = run(List.of(bin.resolve("query").toString(), "-v", "summary", model.toString()), text, null);
      double seconds = (System.nanoTime() - t0) / 1e9;
      Matcher m = TOKENS.matcher(output);
      if (!m.find()) {
        throw new IOException("Cannot read KenLM query's token count from its output: " + tail(output));
      }
      return Long.parseLong(m.group(1)) / seconds;
    }
  }

  /** KenLM's probing binary of {@code arpa} and the lines repeated to at least {@code minTokens}, in {@code dir}. */
  Query query(Path arpa, List<String> lines, long tokensPerPass, long minTokens, Path dir)
      throws IOException, InterruptedException {
    Path model = dir.resolve("kenlm.binary");
    run(List.of(bin.resolve("build_binary").toString(), arpa.toString(), model.toString()), null, null);
    Path text = dir.resolve("kenlm-query.txt");
    int times = (int) Math.max(1, Math.ceil((double) minTokens / tokensPerPass));
    try (Writer w = Files.newBufferedWriter(text, StandardCharsets.UTF_8)) {
      for (int t = 0; t < times; t++) {
        for (String line : lines) {
          w.write(line);
          w.write('\n');
        }
      }
    }
    return new Query(model, text);
  }

  /** {@code lmplz -o order} on {@code lines}, the ARPA file written to {@code dir}; sort memory 40% of RAM. */
  Training lmplz(List<String> lines, int order, Path dir) throws IOException, InterruptedException {
    Path text = dir.resolve("lmplz-input.txt");
    Files.write(text, lines, StandardCharsets.UTF_8);
    Path arpa = dir.resolve("lmplz.arpa");
    String err = run(List.of(bin.resolve("lmplz").toString(), "-o", String.valueOf(order), "-S", "40%", "-T",
        dir.toString()), text, arpa);
    Matcher m = USAGE.matcher(err);
    if (!m.find()) {
      throw new IOException("Cannot read lmplz's resource usage from its output: " + tail(err));
    }
    double cpu = Double.parseDouble(m.group(1)) + Double.parseDouble(m.group(2));
    double wall = Double.parseDouble(m.group(3));
    Files.delete(text);
    return new Training(wall, cpu, arpa);
  }

  /** Runs {@code command} with stdin from {@code in} and stdout to {@code out} (else kept); returns stdout + stderr. */
  private static String run(List<String> command, Path in, Path out) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(command);
    Path log = Files.createTempFile("winnow-kenlm", ".log");
    try {
      if (in != null) {
        pb.redirectInput(in.toFile());
      }
      if (out != null) {
        pb.redirectOutput(out.toFile());
        pb.redirectError(log.toFile());
      } else {
        pb.redirectErrorStream(true);
        pb.redirectOutput(log.toFile());
      }
      int rc = pb.start().waitFor();
      String output = Files.readString(log, StandardCharsets.UTF_8);
      if (rc != 0) {
        throw new IOException("Cannot run " + Path.of(command.get(0)).getFileName() + ": exit status " + rc + ": "
            + tail(output));
      }
      return output;
    } finally {
      Files.deleteIfExists(log);
    }
  }

  private static String tail(String s) {
    String t = s.strip();
    return t.length() <= 300 ? t : "..." + t.substring(t.length() - 300);
  }
}
