package dev.winnow.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.winnow.scorers.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A sweep file: several selections (score columns or expressions x keep x mode) with their rates, over one
 * score output. Lists in {@code by}, {@code keep} and {@code mode} expand to every combination.
 *
 * <pre>
 * scores: out/demo/score
 * output: out/demo/sweeps
 * defaults: {discard: [0.1, 0.5, 0.9]}
 * sweeps:
 *   - by: [heuristics_quality, heuristics_fineweb_line_punct_ratio]
 *     mode: [global, per-source]
 *   - name: datarater-online
 *     by: heuristics_quality
 *     mode: batch
 *     batch_size: 64
 *     seed: 7
 * </pre>
 *
 * Each sweep writes {@code output/<name>/}; the name defaults to {@code <by>-<keep>-<mode>} made safe for a path.
 * Everything is checked here, before any Spark job.
 */
public record SweepPlan(String file, String scores, String output, List<Planned> sweeps) {
  private static final Set<String> TOP = Set.of("scores", "output", "defaults", "sweeps");
  private static final Set<String> ENTRY = Set.of("name", "by", "keep", "mode", "discard", "batch_size", "seed",
      "with_scores", "partitions");

  /** One sweep of the plan. */
  public record Planned(String name, SweepOptions options) {
  }

  /** Reads and expands a sweep file; {@code scores} and {@code output} from the command line win over the file's. */
  public static SweepPlan read(Path file, String scores, String output) {
    String lower = file.getFileName().toString().toLowerCase(Locale.ROOT);
    ObjectMapper mapper = lower.endsWith(".json") ? new ObjectMapper() : new ObjectMapper(new YAMLFactory());
    JsonNode root;
    try {
      root = mapper.readTree(Files.readString(file));
    } catch (IOException e) {
      throw new ConfigException("Cannot read sweep file " + file + ": " + firstLine(e.getMessage()));
    }
    String where = "Cannot read sweep file " + file + ": ";
    if (root == null || !root.isObject()) {
      throw new ConfigException(where + "expected a mapping with 'sweeps'");
    }
    checkKeys(root, TOP, where);
    String s = scores != null ? scores : text(root.get("scores"));
    String o = output != null ? output : text(root.get("output"));
    if (s == null || o == null) {
      throw new ConfigException(where + "'scores' and 'output' are needed (in the file or as --scores/--output)");
    }
    JsonNode defaults = root.get("defaults");
    if (defaults != null) {
      if (!defaults.isObject()) {
        throw new ConfigException(where + "'defaults' must be a mapping");
      }
      checkKeys(defaults, ENTRY, where + "defaults: ");
    }
    JsonNode list = root.get("sweeps");
    if (list == null || !list.isArray() || list.isEmpty()) {
      throw new ConfigException(where + "'sweeps' must be a non-empty list");
    }
    List<Planned> planned = new ArrayList<>();
    Set<String> names = new HashSet<>();
    int index = 0;
    for (JsonNode entry : list) {
      index++;
      String at = where + "sweep " + index + ": ";
      if (!entry.isObject()) {
        throw new ConfigException(at + "must be a mapping");
      }
      checkKeys(entry, ENTRY, at);
      List<String> bys = strings(field(entry, defaults, "by"));
      List<String> keeps = strings(field(entry, defaults, "keep"));
      List<String> modes = strings(field(entry, defaults, "mode"));
      if (bys.isEmpty()) {
        throw new ConfigException(at + "'by' is required");
      }
      if (keeps.isEmpty()) {
        keeps = java.util.Collections.singletonList(null);
      }
      if (modes.isEmpty()) {
        modes = List.of("global");
      }
      String name = text(entry.get("name"));
      boolean single = bys.size() * keeps.size() * modes.size() == 1;
      for (String by : bys) {
        for (String keep : keeps) {
          for (String mode : modes) {
            SweepOptions opts = options(entry, defaults, by, keep, mode, s, at);
            String slug = slug(opts);
            String n = name == null ? slug : single ? name : name + "-" + slug;
            if (!n.matches("[A-Za-z0-9._=-]+") || n.startsWith(".") || n.startsWith("_")) {
              throw new ConfigException(at + "name '" + n + "' must be letters, digits, '.', '_', '=', '-' "
                  + "and not start with '.' or '_'");
            }
            if (!names.add(n)) {
              throw new ConfigException(at + "two sweeps are named '" + n + "'");
            }
            opts.output = o.replaceAll("/+$", "") + "/" + n;
            SweepJob.validate(opts);
            planned.add(new Planned(n, opts));
          }
        }
      }
    }
    return new SweepPlan(file.toString(), s, o, List.copyOf(planned));
  }

  private static SweepOptions options(JsonNode entry, JsonNode defaults, String by, String keep, String mode,
      String scores, String at) {
    SweepOptions o = new SweepOptions();
    o.scores = scores;
    o.by = by;
    if (keep != null) {
      try {
        o.keep = SweepOptions.Keep.valueOf(keep.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new ConfigException(at + "keep must be high, low or middle, got '" + keep + "'");
      }
    }
    try {
      o.mode = SweepOptions.Mode.valueOf(mode.toUpperCase(Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(at + "mode must be global, per-source or batch, got '" + mode + "'");
    }
    JsonNode discard = field(entry, defaults, "discard");
    if (discard != null) {
      o.discard = new ArrayList<>();
      for (String d : strings(discard)) {
        for (String part : d.split(",")) {
          o.discard.add(part.trim());
        }
      }
    }
    o.batchSize = (int) number(field(entry, defaults, "batch_size"), 0, at + "batch_size");
    o.seed = number(field(entry, defaults, "seed"), 0, at + "seed");
    o.partitions = (int) number(field(entry, defaults, "partitions"), 0, at + "partitions");
    JsonNode ws = field(entry, defaults, "with_scores");
    o.withScores = ws != null && ws.asBoolean();
    return o;
  }

  private static String slug(SweepOptions o) {
    String by = o.by.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_+|_+$", "");
    if (by.length() > 60) {
      by = by.substring(0, 60) + "_" + Integer.toHexString(o.by.hashCode());
    }
    String keep = o.keep == null ? "auto" : o.keep.name().toLowerCase(Locale.ROOT);
    String mode = o.mode.name().toLowerCase(Locale.ROOT).replace('_', '-');
    String batch = o.mode == SweepOptions.Mode.BATCH ? "-b" + o.batchSize + "-s" + o.seed : "";
    return by + "-" + keep + "-" + mode + batch;
  }

  private static JsonNode field(JsonNode entry, JsonNode defaults, String key) {
    JsonNode v = entry.get(key);
    if (v == null && defaults != null) {
      v = defaults.get(key);
    }
    return v == null || v.isNull() ? null : v;
  }

  private static List<String> strings(JsonNode v) {
    List<String> out = new ArrayList<>();
    if (v == null) {
      return out;
    }
    if (v.isArray()) {
      v.forEach(x -> out.add(x.asText()));
    } else {
      out.add(v.asText());
    }
    return out;
  }

  private static long number(JsonNode v, long fallback, String what) {
    if (v == null) {
      return fallback;
    }
    if (v.isIntegralNumber() && v.canConvertToLong()) {
      return v.asLong();
    }
    if (v.isTextual() && v.asText().trim().matches("-?\\d{1,18}")) {
      return Long.parseLong(v.asText().trim());
    }
    throw new ConfigException(what + " must be an integer, got '" + v.asText() + "'");
  }

  private static String text(JsonNode v) {
    return v == null || v.isNull() ? null : v.asText();
  }

  private static void checkKeys(JsonNode node, Set<String> known, String where) {
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!known.contains(k)) {
        throw new ConfigException(where + "unknown key '" + k + "' (known: " + String.join(", ", new java.util.TreeSet<>(known)) + ")");
      }
    }
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "unreadable";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
