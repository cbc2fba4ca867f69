package dev.shipproof.reconciler;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as Kubernetes users write them (Go's {@code 30s}, {@code 10m}, {@code 1h30m}). */
final class GoDurations {
  private static final Pattern WHOLE = Pattern.compile("([0-9]+(ms|s|m|h))+");
  private static final Pattern PART = Pattern.compile("([0-9]+)(ms|s|m|h)");

  private GoDurations() {}

  /**
   * @throws IllegalArgumentException when {@code text} is not a positive duration of that form
   */
  static Duration parse(String text) {
    if (text == null || !WHOLE.matcher(text).matches()) {
      throw new IllegalArgumentException(
          "\"" + text + "\" is not a duration like 30s, 10m or 1h30m");
    }
    Duration total = Duration.ZERO;
    Matcher m = PART.matcher(text);
    while (m.find()) {
      try {
        long n = Long.parseLong(m.group(1));
        total =
            total.plus(
                switch (m.group(2)) {
                  case "ms" -> Duration.ofMillis(n);
                  case "s" -> Duration.ofSeconds(n);
                  case "m" -> Duration.ofMinutes(n);
                  default -> Duration.ofHours(n);
                });
      } catch (NumberFormatException | ArithmeticException e) {
        throw new IllegalArgumentException("\"" + text + "\" is too long a duration", e);
      }
    }
    if (total.isZero()) {
      throw new IllegalArgumentException("\"" + text + "\" is zero");
    }
    return total;
  }
}
