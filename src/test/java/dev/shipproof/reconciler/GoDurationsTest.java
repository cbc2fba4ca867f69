package dev.shipproof.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GoDurationsTest {
  @ParameterizedTest(name = "{0} is {1} seconds")
  @CsvSource({"10m, 600", "90s, 90", "1h30m, 5400", "2h, 7200", "1m30s, 90"})
  void readsDurationsAsKubernetesUsersWriteThem(String text, long seconds) {
    assertThat(GoDurations.parse(text)).isEqualTo(Duration.ofSeconds(seconds));
  }

  @ParameterizedTest(name = "refuses \"{0}\"")
  @ValueSource(strings = {"", "10", "ten minutes", "-5m", "0s", "1d", "99999999999999999999h"})
  void refusesWhatIsNotAPositiveDuration(String text) {
    assertThatThrownBy(() -> GoDurations.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(text.isEmpty() ? "\"\"" : text);
  }
}
