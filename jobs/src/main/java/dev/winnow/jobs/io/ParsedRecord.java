package dev.winnow.jobs.io;

import dev.winnow.schemas.QuarantineReason;
import java.io.Serializable;
import java.util.Map;

/** What one input record became: a document, a quarantined record, or a blank line (not a record). */
public final class ParsedRecord implements Serializable {
  public enum Kind { DOC, BAD, BLANK }

  public final Kind kind;
  public final String file;
  public final long position;
  public final String id;
  public final String source;
  public final String text;
  /**
   * The text's UTF-8 bytes for the output, when the reader had them without encoding the text (text input as
   * it is, a JSON string unescaped from the record); not shipped through a shuffle (the writer then encodes
   * the text).
   */
  public final transient byte[] textUtf8;
  public final int nChars;
  public final boolean truncated;
  public final Map<String, String> metadata;
  public final QuarantineReason reason;
  public final String detail;
  public final String rawPrefix;
  public final long recordKey;
  /**
   * For {@code truncated_input}: records and decompressed bytes read from the file before it broke (the
   * records of the reading split's range, when a large .gz was cut into ranges; the bytes from the file's start).
   */
  public long recordsBefore;
  public long bytesBefore;

  private ParsedRecord(Kind kind, String file, long position, String id, String source, String text, byte[] textUtf8,
      int nChars, boolean truncated, Map<String, String> metadata, QuarantineReason reason, String detail,
      String rawPrefix, long recordKey) {
    this.kind = kind;
    this.file = file;
    this.position = position;
    this.id = id;
    this.source = source;
    this.text = text;
    this.textUtf8 = textUtf8;
    this.nChars = nChars;
    this.truncated = truncated;
    this.metadata = metadata;
    this.reason = reason;
    this.detail = detail;
    this.rawPrefix = rawPrefix;
    this.recordKey = recordKey;
  }

  public static ParsedRecord doc(String file, long position, String id, String source, String text, byte[] textUtf8,
      int nChars, boolean truncated, Map<String, String> metadata, long recordKey) {
    return new ParsedRecord(Kind.DOC, file, position, id, source, text, textUtf8, nChars, truncated, metadata, null,
        null, null, recordKey);
  }

  public static ParsedRecord bad(String file, long position, QuarantineReason reason, String detail, String raw) {
    String prefix = raw == null ? null : raw.substring(0, Math.min(raw.length(), 200));
    return new ParsedRecord(Kind.BAD, file, position, null, null, null, null, 0, false, null, reason, detail, prefix,
        0);
  }

  /** The unreadable tail of a file that ended early. */
  public static ParsedRecord truncated(String file, long position, String detail, String raw, long records,
      long bytes) {
    ParsedRecord r = bad(file, position, QuarantineReason.TRUNCATED_INPUT, detail, raw);
    r.recordsBefore = records;
    r.bytesBefore = bytes;
    return r;
  }

  public static ParsedRecord blank(String file, long position) {
    return new ParsedRecord(Kind.BLANK, file, position, null, null, null, null, 0, false, null, null, null, null, 0);
  }
}
