package dev.winnow.jobs.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.winnow.schemas.QuarantineReason;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Each JSON line gives the text, id, source and metadata strings that a plain Jackson tree of it gives (and
 * the text's UTF-8 bytes for the writer), and each kind of bad record its quarantine reason.
 */
class RecordParserTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final RecordParser parser = new RecordParser(ReadOptions.defaults());

  private ParsedRecord parse(String line) {
    byte[] b = line.getBytes(StandardCharsets.UTF_8);
    return parser.parse("file:/x.jsonl", 0, b, b.length, true);
  }

  @Test
  void documentsMatchTheTreeReading() throws Exception {
    String[] lines = {
        "{\"text\":\"plain\"}",
        "{\"id\":7,\"text\":\"a\\nb \\u00e9 \\ud83d\\ude00\",\"source\":\"web\",\"url\":\"http://x\"}",
        "{\"meta\":{\"a\":[1,2.5,null,true]},\"n\":1e5,\"f\":1.0,\"b\":false,\"z\":null,\"text\":\"t\"}",
        "{\"text\":\"first\",\"text\":\"last wins\",\"id\":\"i1\",\"id\":\"i2\"}",
        "{\"text\":5,\"text\":\"string after a number\"}",
        "{\"source\":3,\"text\":\"a non-string source stays metadata\"}",
        "{\"text\":\"trailing content after the object is ignored\"} tail",
        "{\"text\":\"escapes \\\" \\\\ \\/ \\b\\f\\r\\t \\u0000 \\u007f \\u0080 \\u07ff \\u0800 \\uffff end\"}",
        "{\"text\":\"unpaired \\ud800 x \\udc00 \\ud83d\\ud83d\\ude00 \\ud83d\"}",
        "{\"text\":\"raw UTF-8 caf\u00e9 \u6f22 \ud83d\ude00 and escaped \\u6f22\"}",
    };
    for (String line : lines) {
      ParsedRecord r = parse(line);
      JsonNode tree = JSON.readTree(line);
      assertEquals(ParsedRecord.Kind.DOC, r.kind, line);
      assertEquals(tree.get("text").asText(), r.text, line);
      // the bytes the writer gets, unescaped from the line, are the text's own UTF-8 encoding
      org.junit.jupiter.api.Assertions.assertArrayEquals(r.text.getBytes(StandardCharsets.UTF_8), r.textUtf8, line);
      JsonNode id = tree.get("id");
      if (id != null) {
        assertEquals(id.asText(), r.id, line);
      }
      JsonNode source = tree.get("source");
      boolean sourceUsed = source != null && source.isTextual();
      assertEquals(sourceUsed ? source.asText() : "x", r.source, line);
      Map<String, String> expected = new HashMap<>();
      tree.fields().forEachRemaining(e -> {
        String k = e.getKey();
        JsonNode v = e.getValue();
        if (!k.equals("text") && !k.equals("id") && !(k.equals("source") && sourceUsed)) {
          expected.put(k, v.isNull() ? null : v.isTextual() ? v.asText() : v.toString());
        }
      });
      assertEquals(expected, r.metadata, line);
    }
  }

  /** Random texts of escapes, quotes, backslashes and non-ASCII at every offset: the writer's bytes are the text's. */
  @Test
  void unescapedBytesEqualTheTextsEncoding() throws Exception {
    java.util.Random r = new java.util.Random(5);
    String alphabet = "ab \"\\/\n\t\u0001\u00e9\u6f22\ud83d\ude00\ud800";
    for (int t = 0; t < 5_000; t++) {
      StringBuilder sb = new StringBuilder();
      int n = r.nextInt(30) + 1;
      for (int i = 0; i < n; i++) {
        sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
      }
      // an id of 0-7 chars moves the text across the eight-byte words the scan reads
      String line = "{\"id\":\"" + "x".repeat(r.nextInt(8)) + "\",\"text\":" + JSON.writeValueAsString(sb.toString())
          + "}";
      ParsedRecord p = parse(line);
      if (p.kind == ParsedRecord.Kind.DOC) {
        org.junit.jupiter.api.Assertions.assertArrayEquals(p.text.getBytes(StandardCharsets.UTF_8), p.textUtf8, line);
      }
    }
  }

  @Test
  void badRecordsGetTheirReasons() {
    Object[][] cases = {
        {"{\"text\": \"unterminated", QuarantineReason.INVALID_JSON},
        {"{\"text\": \"a\",", QuarantineReason.INVALID_JSON},
        {"[1, 2", QuarantineReason.INVALID_JSON},
        {"not json", QuarantineReason.INVALID_JSON},
        {"[\"text\"]", QuarantineReason.NOT_AN_OBJECT},
        {"42", QuarantineReason.NOT_AN_OBJECT},
        {"{\"body\":\"x\"}", QuarantineReason.MISSING_TEXT},
        {"{\"text\":null}", QuarantineReason.MISSING_TEXT},
        {"{\"text\":\"a\",\"text\":null}", QuarantineReason.MISSING_TEXT},
        {"{\"text\":[\"a\"]}", QuarantineReason.TEXT_NOT_STRING},
        {"{\"text\":\"a\",\"id\":{\"x\":1}}", QuarantineReason.BAD_ID},
        {"{\"text\":\"  \\n \"}", QuarantineReason.EMPTY_TEXT},
    };
    for (Object[] c : cases) {
      ParsedRecord r = parse((String) c[0]);
      assertEquals(ParsedRecord.Kind.BAD, r.kind, (String) c[0]);
      assertEquals(c[1], r.reason, (String) c[0]);
      assertNull(r.text);
    }
  }
}
