package dev.winnow.schemas;

/** Names of the columns every Winnow output shares. */
public final class Columns {
  private Columns() {
  }

  public static final String ID = "id";
  public static final String SOURCE = "source";
  public static final String TEXT = "text";
  public static final String N_CHARS = "n_chars";
  public static final String TRUNCATED = "truncated";
  public static final String METADATA = "metadata";
  /** Unique per input record: a hash of its file and position. Ids need not be unique; this is. */
  public static final String RECORD_KEY = "record_key";
}
