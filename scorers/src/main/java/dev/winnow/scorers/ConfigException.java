package dev.winnow.scorers;

/** A bad option or configuration; its message is one readable line meant for the user. */
public class ConfigException extends IllegalArgumentException {
  public ConfigException(String message) {
    super(message);
  }
}
