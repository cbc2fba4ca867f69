package dev.shipproof.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TrustRootTest {

  @Test
  void parsesTheKitTrustedRootAndComparesByContent() {
    var bytes = Fixtures.read("trust/trusted_root.json");

    var first = TrustRoot.parse(bytes);
    var second = TrustRoot.parse(bytes.clone());

    assertThat(first).isEqualTo(second).hasSameHashCodeAs(second);
    assertThat(first.sha256()).hasSize(64);
  }

  @Test
  void refusesBytesThatAreNotJson() {
    assertThatThrownBy(() -> TrustRoot.parse("not json".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(TrustRootException.class)
        .hasMessageStartingWith("trusted root is not a valid Sigstore trusted_root.json: ");
  }

  @Test
  void refusesEmptyInput() {
    assertThatThrownBy(() -> TrustRoot.parse(new byte[0]))
        .isInstanceOf(TrustRootException.class)
        .hasMessage("trusted root is empty");
  }

  @Test
  void refusesRootWithoutTransparencyLog() {
    var json =
        new String(Fixtures.read("trust/trusted_root.json"), StandardCharsets.UTF_8)
            .replaceFirst("\"tlogs\"", "\"unusedTlogs\"");

    assertThatThrownBy(() -> TrustRoot.parse(json.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(TrustRootException.class)
        .hasMessageContaining("trusted root");
  }
}
