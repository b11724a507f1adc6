package dev.winnow.scorers;

/**
 * What a scorer gets when it opens: its validated options and the run's seed. Later raters that load
 * models find their paths among the options.
 */
public record ScorerContext(ScorerConfig config, long seed) {
}
