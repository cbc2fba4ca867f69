package dev.shipproof.promote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SoakDurationTest {
  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "30m, PT30M",
    "2h, PT2H",
    "1h30m, PT1H30M",
    "1d12h, PT36H",
    "45s, PT45S",
    "90m, PT1H30M"
  })
  void readsDurationsAsEnvironmentsWriteThem(String text, String expected) {
    assertThat(SoakDuration.parse(text)).isEqualTo(Duration.parse(expected));
  }

  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(strings = {"", "soon", "1.5h", "30", "m30", "30m2h", "-1h", "0m", "1 h"})
  void refusesWhatIsNotADuration(String text) {
    assertThatThrownBy(() -> SoakDuration.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"" + text.strip() + "\"");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"PT1H30M, 1h30m", "PT59M26S, 59m26s", "PT0S, 0s", "PT36H, 36h"})
  void formatsDurationsTheWayTheyAreRead(String duration, String expected) {
    assertThat(SoakDuration.format(Duration.parse(duration))).isEqualTo(expected);
  }
}
