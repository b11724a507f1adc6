package dev.winnow.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.winnow.scorers.ConfigException;
import dev.winnow.scorers.Scorer;
import dev.winnow.scorers.ScorerConfig;
import dev.winnow.scorers.ScorerRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which scorers run and with what options, from {@code --scorers}, a YAML/JSON pipeline file
 * ({@code --config}) and {@code --conf scorer.key=value} (which wins). Everything is validated here,
 * before any Spark job: unknown scorers, unknown keys and bad values are one-line errors.
 *
 * <pre>
 * scorers:
 *   heuristics:
 *     gopher_min_doc_words: 40
 * </pre>
 */
public final class PipelineConfig {
  private PipelineConfig() {
  }

  public static List<ScorerSpec> resolve(List<String> scorerNames, Path configFile, List<String> confs) {
    Map<String, Map<String, String>> options = new LinkedHashMap<>();
    if (configFile != null) {
      readFile(configFile, options);
    }
    for (String name : scorerNames) {
      options.computeIfAbsent(name.trim(), k -> new LinkedHashMap<>());
    }
    for (String conf : confs) {
      int eq = conf.indexOf('=');
      int dot = conf.indexOf('.');
      if (eq < 0 || dot < 0 || dot > eq) {
        throw new ConfigException("Cannot parse --conf '" + conf + "': expected scorer.key=value");
      }
      String scorer = conf.substring(0, dot);
      options.computeIfAbsent(scorer, k -> new LinkedHashMap<>()).put(conf.substring(dot + 1, eq),
          conf.substring(eq + 1));
    }
    if (options.isEmpty()) {
      options.put("heuristics", new LinkedHashMap<>());
    }
    List<ScorerSpec> specs = new ArrayList<>();
    for (Map.Entry<String, Map<String, String>> e : options.entrySet()) {
      Scorer scorer = ScorerRegistry.create(e.getKey());
      specs.add(new ScorerSpec(scorer.name(), ScorerConfig.resolve(scorer.name(), scorer.params(), e.getValue())));
    }
    return specs;
  }

  private static void readFile(Path file, Map<String, Map<String, String>> options) {
    String name = file.getFileName().toString().toLowerCase();
    ObjectMapper mapper = name.endsWith(".json") ? new ObjectMapper() : new ObjectMapper(new YAMLFactory());
    JsonNode root;
    try {
      root = mapper.readTree(Files.readString(file));
    } catch (IOException e) {
      throw new ConfigException("Cannot read config " + file + ": " + oneLine(e.getMessage()));
    }
    if (root == null || !root.isObject()) {
      throw new ConfigException("Cannot read config " + file + ": expected a mapping with a 'scorers' key");
    }
    for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!key.equals("scorers")) {
        throw new ConfigException("Cannot read config " + file + ": unknown key '" + key + "' (known: scorers)");
      }
    }
    JsonNode scorers = root.get("scorers");
    if (scorers.isArray()) {
      scorers.forEach(s -> options.computeIfAbsent(s.asText(), k -> new LinkedHashMap<>()));
      return;
    }
    if (!scorers.isObject()) {
      throw new ConfigException("Cannot read config " + file + ": 'scorers' must map scorer names to options");
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = scorers.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> s = it.next();
      Map<String, String> opts = options.computeIfAbsent(s.getKey(), k -> new LinkedHashMap<>());
      JsonNode values = s.getValue();
      if (values == null || values.isNull()) {
        continue;
      }
      if (!values.isObject()) {
        throw new ConfigException("Cannot read config " + file + ": options of '" + s.getKey() + "' must be a mapping");
      }
      for (Iterator<Map.Entry<String, JsonNode>> o = values.fields(); o.hasNext(); ) {
        Map.Entry<String, JsonNode> kv = o.next();
        JsonNode v = kv.getValue();
        String text;
        if (v.isArray()) {
          List<String> items = new ArrayList<>();
          v.forEach(x -> items.add(x.asText()));
          text = String.join(",", items);
        } else {
          text = v.asText();
        }
        opts.put(kv.getKey(), text);
      }
    }
  }

  private static String oneLine(String s) {
    if (s == null) {
      return "unreadable";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
