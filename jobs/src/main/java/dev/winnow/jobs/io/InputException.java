package dev.winnow.jobs.io;

import dev.winnow.scorers.ConfigException;

/** An input that cannot be read as asked (no such file, unknown format): a user error, not a crash. */
public class InputException extends ConfigException {
  public InputException(String message) {
    super(message);
  }
}
