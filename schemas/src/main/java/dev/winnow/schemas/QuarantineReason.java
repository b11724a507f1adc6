package dev.winnow.schemas;

/** Why an input record was quarantined; the lower-case names are what the output and manifest hold. */
public enum QuarantineReason {
  INVALID_JSON,
  NOT_AN_OBJECT,
  MISSING_TEXT,
  TEXT_NOT_STRING,
  INVALID_UTF8,
  EMPTY_TEXT,
  TOO_LONG,
  BAD_ID,
  TRUNCATED_INPUT;

  public String label() {
    return name().toLowerCase();
  }
}
