package dev.winnow.scorers.heuristics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.winnow.scorers.Document;
import dev.winnow.scorers.ScoreColumn;
import dev.winnow.scorers.ScorerConfig;
import dev.winnow.scorers.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Keep/drop agreement with datatrove's four filters (default parameters, each run alone) on the 1,040 C4
 * documents of ../shared/data. datatrove splits words with spaCy's English tokenizer; ours reimplements
 * its rules (see SpacyEnglishTokenizer), so the remaining differences come from spaCy features left out
 * (its special-case matcher inside affixes, its exact Unicode letter ranges) and are printed below.
 */
class DatatroveAgreementTest {
  private static final String[][] FILTERS = {
      {"GopherRepetition", "gopher_repetition"},
      {"GopherQuality", "gopher_quality"},
      {"C4Quality", "c4"},
      {"FineWebQuality", "fineweb"}};

  @Test
  void keepDropDecisionsMatchDatatroveOnC4() throws Exception {
    Path corpus = SharedData.require("web/c4_en.jsonl.gz");
    Path decisionsFile = SharedData.require("datatrove/c4_en.decisions.tsv");
    List<String> lines = Files.readAllLines(decisionsFile);
    String[] header = lines.get(0).split("\t");
    Map<String, String[]> reference = new HashMap<>();
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split("\t");
      reference.put(f[0], f);
    }

    HeuristicsScorer scorer = new HeuristicsScorer();
    scorer.configure(ScorerConfig.resolve(scorer.name(), scorer.params(), Map.of()));
    List<ScoreColumn> columns = scorer.columns();
    List<JsonNode> docs = SharedData.readJsonl(corpus);
    assertEquals(reference.size(), docs.size(), "every document has a reference decision");

    Map<String, Object[]> rows = new HashMap<>();
    for (JsonNode doc : docs) {
      String id = doc.get("id").asText();
      rows.put(id, scorer.score(List.of(new Document(id, "c4", doc.get("text").asText()))).get(0));
    }
    for (String[] filter : FILTERS) {
      int column = indexOf(header, filter[0]);
      int passColumn = indexOf(columns, filter[1] + "_pass");
      int agree = 0;
      Map<String, Integer> differences = new TreeMap<>();
      for (JsonNode doc : docs) {
        String id = doc.get("id").asText();
        Object[] row = rows.get(id);
        String theirs = reference.get(id)[column];
        boolean ours = (Boolean) row[passColumn];
        if (ours == theirs.equals("keep")) {
          agree++;
        } else {
          String ourReason = ours ? "keep" : "drop:" + row[passColumn + 1];
          differences.merge("ours " + ourReason + " / datatrove " + theirs, 1, Integer::sum);
        }
      }
      double agreement = (double) agree / docs.size();
      System.out.printf("datatrove agreement %-17s %.4f (%d/%d)%n", filter[0], agreement, agree, docs.size());
      differences.forEach((k, v) -> System.out.printf("    %3d x %s%n", v, k));
      assertTrue(agreement >= 0.97, filter[0] + " agreement " + agreement + " is below 0.97");
    }
  }

  private static int indexOf(String[] header, String name) {
    for (int i = 0; i < header.length; i++) {
      if (header[i].equals(name)) {
        return i;
      }
    }
    throw new AssertionError("no column " + name);
  }

  private static int indexOf(List<ScoreColumn> columns, String name) {
    for (int i = 0; i < columns.size(); i++) {
      if (columns.get(i).name().equals(name)) {
        return i;
      }
    }
    throw new AssertionError("no column " + name);
  }
}
