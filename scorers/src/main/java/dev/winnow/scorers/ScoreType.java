package dev.winnow.scorers;

/** Value type of a score column; maps one-to-one onto a Parquet/Spark type. */
public enum ScoreType {
  DOUBLE(Double.class),
  LONG(Long.class),
  BOOLEAN(Boolean.class),
  STRING(String.class);

  private final Class<?> javaType;

  ScoreType(Class<?> javaType) {
    this.javaType = javaType;
  }

  public Class<?> javaType() {
    return javaType;
  }
}
