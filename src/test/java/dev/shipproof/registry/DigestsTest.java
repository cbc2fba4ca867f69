package dev.shipproof.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shipproof.registry.RegistryException.Kind;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class DigestsTest {
  private static final byte[] ABC = "abc".getBytes(StandardCharsets.US_ASCII);
  private static final String ABC_SHA256 =
      "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
  private static final String ABC_SHA512 =
      "sha512:ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
          + "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f";

  @Test
  void hashesWithTheDigestsOwnAlgorithm() throws Exception {
    assertThat(Digests.compute(ABC_SHA256, ABC)).isEqualTo(ABC_SHA256);
    assertThat(Digests.compute(ABC_SHA512, ABC)).isEqualTo(ABC_SHA512);
    Digests.verify(ABC_SHA512, ABC, "manifest");
  }

  @Test
  void refusesBytesThatHashElsewhereAsDigestMismatch() {
    assertThatThrownBy(
            () -> Digests.verify(ABC_SHA256, "abd".getBytes(StandardCharsets.US_ASCII), "manifest"))
        .isInstanceOfSatisfying(
            RegistryException.class, e -> assertThat(e.kind()).isEqualTo(Kind.DIGEST_MISMATCH))
        .hasMessageStartingWith("manifest sha256:ba7816bf8f01");
  }

  @Test
  void acceptsOnlyCanonicalSha256AndSha512() {
    assertThat(Digests.isValid(ABC_SHA256)).isTrue();
    assertThat(Digests.isValid(ABC_SHA512)).isTrue();
    assertThat(Digests.isValid(ABC_SHA256.toUpperCase(Locale.ROOT))).isFalse();
    assertThat(Digests.isValid("sha256:../../etc/passwd")).isFalse();
    assertThat(Digests.isValid("md5:900150983cd24fb0d6963f7d28e17f72")).isFalse();
    assertThat(Digests.isValid(null)).isFalse();
  }

  @Test
  void namesReferrersTagAfterTheDigestCutTo64HexCharacters() {
    assertThat(Digests.referrersTag(ABC_SHA256))
        .isEqualTo("sha256-ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assertThat(Digests.referrersTag(ABC_SHA512))
        .isEqualTo("sha512-ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a");
    assertThat(Digests.cosignTag(ABC_SHA256, ".att"))
        .isEqualTo("sha256-ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad.att");
  }
}
