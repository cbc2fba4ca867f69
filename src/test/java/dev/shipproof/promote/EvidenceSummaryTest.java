package dev.shipproof.promote;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shipproof.api.v1alpha1.EvidenceRecord;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one-line Shipproof-Evidence trailer: one entry per requirement. */
class EvidenceSummaryTest {
  static final String ACME =
      "https://github.com/acme/api/.github/workflows/release.yml@refs/heads/main";
  static final String SLSA = "https://slsa.dev/provenance/v1";

  static EvidenceRecord met(String requirement, String signer, String digest, String summary) {
    var record =
        new EvidenceRecord(requirement, "referrer sha256:aaaaaaaaaaaa", signer, null, summary);
    record.setMet(true);
    record.setDigest(digest);
    return record;
  }

  static EvidenceRecord unmet(String requirement, String digest) {
    var record = new EvidenceRecord();
    record.setRequirement(requirement);
    record.setMet(false);
    record.setDigest(digest);
    return record;
  }

  @Test
  void summarisesOneEntryPerRequirement() {
    var records =
        List.of(
            met("signature", ACME, "sha256:1", null),
            met(SLSA, ACME, "sha256:1", "builder x"),
            met(
                "https://in-toto.io/attestation/test-result/v0.1",
                ACME,
                "sha256:1",
                "result PASSED"),
            met("https://spdx.dev/Document", ACME, "sha256:1", "SPDX-2.3"));

    assertThat(EvidenceSummary.of(records))
        .isEqualTo(
            "signature(keyless acme/api release.yml); slsa-provenance; test-result PASSED; sbom"
                + " spdx");
  }

  @Test
  void countsTheDigestsAMultiArchRequirementWasJudgedFor() {
    var records =
        List.of(
            met("signature", ACME, "sha256:index", null),
            met("signature", ACME, "sha256:amd64", null),
            met("signature", ACME, "sha256:arm64", null),
            met(SLSA, ACME, "sha256:index", null),
            unmet(SLSA, "sha256:arm64"));

    assertThat(EvidenceSummary.of(records))
        .isEqualTo("signature(keyless acme/api release.yml) x3; missing slsa-provenance (1 of 2)");
  }

  @Test
  void saysWhenAnIndexCoveredThePromotedManifest() {
    var record = met("signature", "key sha256:abc", "sha256:arm64", null);
    record.setCoveredBy("sha256:index");

    assertThat(EvidenceSummary.of(List.of(record)))
        .isEqualTo("signature(key sha256:abc) via index");
  }
}
