package dev.winnow.jobs.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.winnow.schemas.QuarantineReason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/** Turns raw bytes (a JSONL line, a text line or file) into a document or a quarantine record. */
public final class RecordParser {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private final ReadOptions options;
  /** One per parser (a parser serves one task): the provider lookup cost more than the hash itself. */
  private final MessageDigest sha256;
  /** The file of the previous record, with its UTF-8 bytes and derived source: a split is one file. */
  private String lastFile;
  private byte[] lastFileBytes;
  private String lastSource;

  public RecordParser(ReadOptions options) {
    this.options = options;
    try {
      this.sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public ParsedRecord parse(String file, long position, byte[] bytes, int length, boolean json) {
    if (!Utf8.isValid(bytes, length)) {
      String lossy = new String(bytes, 0, Math.min(length, 800), StandardCharsets.UTF_8);
      return ParsedRecord.bad(file, position, QuarantineReason.INVALID_UTF8, "not valid UTF-8", lossy);
    }
    if (!json) {
      String text = new String(bytes, 0, length, StandardCharsets.UTF_8);
      return document(file, position, null, null, text, java.util.Arrays.copyOf(bytes, length), Map.of(),
          () -> text);
    }
    JsonNode node;
    try {
      // parsed from the bytes: Jackson's UTF-8 parser is faster than decoding first and parsing chars
      node = JSON.readTree(bytes, 0, length);
    } catch (IOException e) {
      String message = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
      return ParsedRecord.bad(file, position, QuarantineReason.INVALID_JSON, firstLine(message), raw(bytes, length));
    }
    if (node == null || !node.isObject()) {
      return ParsedRecord.bad(file, position, QuarantineReason.NOT_AN_OBJECT, "a JSON value that is not an object",
          raw(bytes, length));
    }
    JsonNode text = node.get(options.textField());
    if (text == null || text.isNull()) {
      return ParsedRecord.bad(file, position, QuarantineReason.MISSING_TEXT,
          "no '" + options.textField() + "' field", raw(bytes, length));
    }
    if (!text.isTextual()) {
      return ParsedRecord.bad(file, position, QuarantineReason.TEXT_NOT_STRING,
          "'" + options.textField() + "' is " + text.getNodeType().name().toLowerCase(), raw(bytes, length));
    }
    String id = null;
    JsonNode idNode = node.get(options.idField());
    if (idNode != null && !idNode.isNull()) {
      if (!idNode.isTextual() && !idNode.isNumber()) {
        return ParsedRecord.bad(file, position, QuarantineReason.BAD_ID,
            "'" + options.idField() + "' is " + idNode.getNodeType().name().toLowerCase(), raw(bytes, length));
      }
      id = idNode.asText();
    }
    JsonNode sourceNode = node.get(options.sourceField());
    String source = sourceNode != null && sourceNode.isTextual() ? sourceNode.asText() : null;
    Map<String, String> metadata = new HashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> f = it.next();
      String k = f.getKey();
      if (k.equals(options.textField()) || k.equals(options.idField())
          || (k.equals(options.sourceField()) && source != null)) {
        continue;
      }
      JsonNode v = f.getValue();
      metadata.put(k, v.isNull() ? null : v.isTextual() ? v.asText() : v.toString());
    }
    return document(file, position, id, source, text.asText(), null, metadata, () -> raw(bytes, length));
  }

  /**
   * Applies the checks every format shares: empty text, length limit, default id and source. {@code utf8}, when
   * given, is the text's UTF-8 encoding, kept for the output so the text is not encoded again.
   */
  public ParsedRecord document(String file, long position, String id, String source, String text, byte[] utf8,
      Map<String, String> metadata, java.util.function.Supplier<String> raw) {
    if (text.isBlank()) {
      return ParsedRecord.bad(file, position, QuarantineReason.EMPTY_TEXT, "text is empty or only whitespace", raw.get());
    }
    int chars = text.codePointCount(0, text.length());
    boolean truncated = false;
    if (chars > options.maxChars()) {
      if (!options.truncate()) {
        return ParsedRecord.bad(file, position, QuarantineReason.TOO_LONG,
            chars + " characters, over --max-chars " + options.maxChars() + " (--truncate keeps a prefix)", raw.get());
      }
      text = text.substring(0, text.offsetByCodePoints(0, options.maxChars()));
      utf8 = null;
      chars = options.maxChars();
      truncated = true;
    }
    atFile(file);
    // one digest gives both the default id (records without one) and the unique record key
    byte[] digest = digest(position);
    long key = 0;
    for (int i = 0; i < 8; i++) {
      key = (key << 8) | (digest[i] & 0xff);
    }
    return ParsedRecord.doc(file, position, id != null ? id : hex(digest),
        source != null ? source : lastSource, text, utf8, chars, truncated, metadata, key);
  }

  /** Derives the file's digest prefix and default source when the file differs from the previous record's. */
  private void atFile(String file) {
    if (!file.equals(lastFile)) {
      lastFile = file;
      lastFileBytes = (file + "#").getBytes(StandardCharsets.UTF_8);
      lastSource = InputFormat.sourceOf(file);
    }
  }

  /** SHA-256 of {@code file#position} in UTF-8, for the file {@link #atFile} last saw. */
  private byte[] digest(long position) {
    sha256.update(lastFileBytes);
    return sha256.digest(Long.toString(position).getBytes(StandardCharsets.US_ASCII));
  }

  private static String hex(byte[] d) {
    char[] out = new char[24];
    for (int i = 0; i < 12; i++) {
      out[2 * i] = HEX[(d[i] >> 4) & 0xf];
      out[2 * i + 1] = HEX[d[i] & 0xf];
    }
    return new String(out);
  }

  private static String raw(byte[] bytes, int length) {
    return new String(bytes, 0, Math.min(length, 800), StandardCharsets.UTF_8);
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "invalid JSON";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
