package dev.winnow.jobs.io;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.winnow.schemas.QuarantineReason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.Map;

/** Turns raw bytes (a JSONL line, a text line or file) into a document or a quarantine record. */
public final class RecordParser {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final char[] HEX = "0123456789abcdef".toCharArray();
  /** A JSON null among a record's field values (a map holds no Java null as a value it can tell apart). */
  private static final Object NULL = new Object();

  private final ReadOptions options;
  /** One per parser (a parser serves one task): the provider lookup cost more than the hash itself. */
  private final MessageDigest sha256;
  /** The file of the previous record, with its UTF-8 bytes and derived source: a split is one file. */
  private String lastFile;
  private byte[] lastFileBytes;
  private String lastSource;
  /** Room to unescape a record's text into, as long as the longest record so far. */
  private byte[] scratch = new byte[0];

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
    // the record's top-level fields, the last value of each name winning as in a tree of it: a string as it
    // is, null as NULL, any other value as its tree; for the text field, where its string's quote lies
    Map<String, Object> fields = new HashMap<>();
    int textQuote = -1;
    // streamed from the bytes: Jackson's UTF-8 parser is faster than decoding first, and a tree of the whole
    // record (an object per field, a map) is built only for values that are neither strings nor null
    try (JsonParser p = JSON.createParser(bytes, 0, length)) {
      JsonToken t = p.nextToken();
      if (t != JsonToken.START_OBJECT) {
        p.skipChildren(); // an array must still parse: an unterminated one is invalid JSON, not a non-object
        return ParsedRecord.bad(file, position, QuarantineReason.NOT_AN_OBJECT, "a JSON value that is not an object",
            raw(bytes, length));
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String k = p.currentName();
        JsonToken v = p.nextToken();
        boolean isText = k.equals(options.textField());
        if (v == JsonToken.VALUE_STRING) {
          if (isText) {
            textQuote = (int) p.currentTokenLocation().getByteOffset();
          }
          fields.put(k, p.getText());
        } else {
          if (isText) {
            textQuote = -1;
          }
          fields.put(k, v == JsonToken.VALUE_NULL ? NULL : p.readValueAsTree());
        }
      }
    } catch (IOException e) {
      String message = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
      return ParsedRecord.bad(file, position, QuarantineReason.INVALID_JSON, firstLine(message), raw(bytes, length));
    }
    Object text = fields.get(options.textField());
    if (text == null || text == NULL) {
      return ParsedRecord.bad(file, position, QuarantineReason.MISSING_TEXT,
          "no '" + options.textField() + "' field", raw(bytes, length));
    }
    if (!(text instanceof String)) {
      return ParsedRecord.bad(file, position, QuarantineReason.TEXT_NOT_STRING,
          "'" + options.textField() + "' is " + typeOf(text), raw(bytes, length));
    }
    String id = null;
    Object idValue = fields.get(options.idField());
    if (idValue instanceof String s) {
      id = s;
    } else if (idValue instanceof JsonNode n) {
      if (!n.isNumber()) {
        return ParsedRecord.bad(file, position, QuarantineReason.BAD_ID, "'" + options.idField() + "' is " + typeOf(n),
            raw(bytes, length));
      }
      id = n.asText();
    }
    String source = fields.get(options.sourceField()) instanceof String s ? s : null;
    Map<String, String> metadata = new HashMap<>();
    for (Map.Entry<String, Object> f : fields.entrySet()) {
      String k = f.getKey();
      if (k.equals(options.textField()) || k.equals(options.idField())
          || (k.equals(options.sourceField()) && source != null)) {
        continue;
      }
      Object v = f.getValue();
      metadata.put(k, v == NULL ? null : v instanceof String s ? s : v.toString());
    }
    return document(file, position, id, source, (String) text, utf8(bytes, textQuote), metadata,
        () -> raw(bytes, length));
  }

  /** The text's UTF-8 bytes unescaped from the record (see {@link JsonText}), or null to leave it to the writer. */
  private byte[] utf8(byte[] bytes, int quote) {
    if (quote < 0) {
      return null;
    }
    if (scratch.length < bytes.length) {
      scratch = new byte[bytes.length];
    }
    int n = JsonText.unescape(bytes, quote, scratch);
    return n < 0 ? null : java.util.Arrays.copyOf(scratch, n);
  }

  private static String typeOf(Object value) {
    return ((JsonNode) value).getNodeType().name().toLowerCase();
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
