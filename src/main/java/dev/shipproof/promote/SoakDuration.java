package dev.shipproof.promote;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as Environments write them: whole numbers with units {@code d}, {@code h}, {@code m},
 * {@code s}, largest first, e.g. {@code 30m}, {@code 2h}, {@code 1h30m}, {@code 1d12h}.
 */
public final class SoakDuration {
  private static final Pattern FORM =
      Pattern.compile("(?:(\\d{1,5})d)?(?:(\\d{1,6})h)?(?:(\\d{1,7})m)?(?:(\\d{1,9})s)?");

  private SoakDuration() {}

  /**
   * The duration {@code text} means.
   *
   * @throws IllegalArgumentException when it is not of that form, or is zero
   */
  public static Duration parse(String text) {
    String trimmed = text == null ? "" : text.strip();
    Matcher m = FORM.matcher(trimmed);
    if (trimmed.isEmpty() || !m.matches()) {
      throw new IllegalArgumentException(
          "\"" + trimmed + "\" is not a duration such as 30m, 2h or 1h30m");
    }
    Duration d =
        Duration.ofDays(part(m, 1))
            .plusHours(part(m, 2))
            .plusMinutes(part(m, 3))
            .plusSeconds(part(m, 4));
    if (d.isZero()) {
      throw new IllegalArgumentException("\"" + trimmed + "\" is zero; leave minSoak unset");
    }
    return d;
  }

  /** {@code 1h30m}, {@code 45s}: the form {@link #parse} reads, for messages. */
  public static String format(Duration duration) {
    long seconds = Math.max(0, duration.toSeconds());
    StringBuilder out = new StringBuilder();
    long h = seconds / 3600;
    long m = seconds % 3600 / 60;
    long s = seconds % 60;
    if (h > 0) {
      out.append(h).append('h');
    }
    if (m > 0) {
      out.append(m).append('m');
    }
    if (s > 0 || out.length() == 0) {
      out.append(s).append('s');
    }
    return out.toString().toLowerCase(Locale.ROOT);
  }

  private static long part(Matcher m, int group) {
    return m.group(group) == null ? 0 : Long.parseLong(m.group(group));
  }
}
