package dev.shipproof.evidence;

import static dev.shipproof.evidence.Fixtures.SINGLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shipproof.model.Claim;
import dev.shipproof.model.Claim.Rejection;
import dev.sigstore.KeylessVerificationException;
import dev.sigstore.VerificationOptions;
import dev.sigstore.bundle.Bundle;
import dev.sigstore.bundle.BundleParseException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Each test first shows what sigstore-java 2.0.0 does on its own, then that our verifier closes the
 * gap. If a sigstore-java upgrade fixes one, its first assertion fails: then the workaround can go.
 */
class SigstoreJavaGapsTest {
  private static final String TLOG_ONLY = "bundles/single/slsa-provenance.tlog-only.sigstore.json";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final SigstoreEvidenceVerifier verifier = new SigstoreEvidenceVerifier();

  @Test
  void sigstoreJavaAloneReportsSubjectMismatchAndTamperingWithTheSameException() throws Exception {
    // sigstore-java checks the DSSE subject before the signature and throws
    // KeylessVerificationException for both, so a caller cannot tell "about another image" from
    // "forged". We verify for a digest the statement names and compare subjects ourselves.
    var mismatch = sigstoreJavaFailure("bundles/negative/subject-digest-mismatch.sigstore.json");
    var tampered = sigstoreJavaFailure("bundles/negative/tampered-payload.sigstore.json");
    assertThat(mismatch).isExactlyInstanceOf(KeylessVerificationException.class);
    assertThat(tampered).isExactlyInstanceOf(KeylessVerificationException.class);

    assertThat(ours("bundles/negative/subject-digest-mismatch.sigstore.json").rejection())
        .isEqualTo(Rejection.SUBJECT_MISMATCH);
    assertThat(ours("bundles/negative/tampered-payload.sigstore.json").rejection())
        .isEqualTo(Rejection.SIGNATURE_INVALID);
  }

  @Test
  void sigstoreJavaAloneAcceptsTlogOnlyBundleWhoseVerifiedEntryHasNoSignedTime() throws Exception {
    // Without an RFC 3161 timestamp, the only signed time is a Rekor signed entry timestamp (SET).
    // Bundle.from is satisfied by a SET on ANY entry, but KeylessVerifier verifies only the first
    // entry, where the SET is optional, and it never checks the certificate window against the
    // integrated time. So a first entry without SET, claiming a time long after the ten-minute
    // certificate expired, passes as long as a second entry carries some SET.
    var bundle =
        edit(
            TLOG_ONLY,
            b -> {
              var entries = (ArrayNode) b.path("verificationMaterial").path("tlogEntries");
              var unsigned = entries.get(0).deepCopy();
              ((ObjectNode) unsigned).remove("inclusionPromise");
              ((ObjectNode) unsigned).put("integratedTime", "1900000000");
              entries.insert(0, unsigned);
            });
    assertThatCode(() -> sigstoreJavaVerify(bundle, Fixtures.trust())).doesNotThrowAnyException();

    var claim = ours(bundle, Fixtures.trust());
    assertThat(claim.rejection()).isEqualTo(Rejection.SIGNATURE_INVALID);
    assertThat(claim.detail()).contains("carries no signed time");
  }

  @Test
  void sigstoreJavaAloneThrowsUncheckedForBundleWithoutAnySignedTime() {
    // Bundle.from reports a bundle with no SET and no timestamp with IllegalStateException, not
    // BundleParseException; we catch it and reject the item instead of failing the whole batch.
    var bundle =
        edit(
            TLOG_ONLY,
            b ->
                ((ObjectNode) b.path("verificationMaterial").path("tlogEntries").get(0))
                    .remove("inclusionPromise"));
    assertThatThrownBy(() -> sigstoreJavaVerify(bundle, Fixtures.trust()))
        .isExactlyInstanceOf(IllegalStateException.class);

    var claim = ours(bundle, Fixtures.trust());
    assertThat(claim.rejection()).isEqualTo(Rejection.SIGNATURE_INVALID);
    assertThat(claim.detail()).contains("carries no signed time");
  }

  @Test
  void sigstoreJavaAloneIgnoresTheRekorKeyValidityPeriod() throws Exception {
    // The trusted root says the Rekor key became valid a day after the entry was integrated;
    // sigstore-java looks the log up by id only.
    var root = JSON.readTree(Fixtures.read("trust/trusted_root.json"));
    ((ObjectNode) root.path("tlogs").get(0).path("publicKey").path("validFor"))
        .put("start", "2026-11-03T00:00:00Z");
    var laterRoot = TrustRoot.parse(JSON.writeValueAsBytes(root));
    var bundle = Fixtures.read(TLOG_ONLY);
    assertThatCode(() -> sigstoreJavaVerify(bundle, laterRoot)).doesNotThrowAnyException();

    var claim = ours(bundle, laterRoot);
    assertThat(claim.rejection()).isEqualTo(Rejection.SIGNATURE_INVALID);
    assertThat(claim.detail()).contains("outside the validity period of the trusted Rekor log key");
  }

  @Test
  void sigstoreJavaAloneCallsAKeyedBundleUnparseable() {
    // Bundle.from refuses public-key bundles with the same BundleParseException as broken JSON.
    // We look first, so a keyed bundle is "unsupported", not "malformed".
    var keyed =
        new String(
            Fixtures.read("bundles/single/keyed-message-signature.sigstore.json"),
            StandardCharsets.UTF_8);
    assertThatThrownBy(() -> Bundle.from(new StringReader(keyed)))
        .isInstanceOf(BundleParseException.class);

    var claim = ours("bundles/single/keyed-message-signature.sigstore.json");
    assertThat(claim.rejection()).isEqualTo(Rejection.UNSUPPORTED);
  }

  private static Exception sigstoreJavaFailure(String file) {
    try {
      sigstoreJavaVerify(Fixtures.read(file), Fixtures.trust());
      throw new AssertionError("sigstore-java accepted " + file);
    } catch (Exception e) {
      return e;
    }
  }

  private static void sigstoreJavaVerify(byte[] bundleJson, TrustRoot trust) throws Exception {
    var bundle = Bundle.from(new StringReader(new String(bundleJson, StandardCharsets.UTF_8)));
    trust
        .keylessVerifier()
        .verify(HexFormat.of().parseHex(SINGLE.substring(7)), bundle, VerificationOptions.empty());
  }

  private Claim ours(String file) {
    return ours(Fixtures.read(file), Fixtures.trust());
  }

  private Claim ours(byte[] bundle, TrustRoot trust) {
    var item = Fixtures.bundleItem("test", bundle, Map.of());
    return verifier.verify(SINGLE, Fixtures.manifest(SINGLE), List.of(item), trust).get(0);
  }

  private static byte[] edit(String file, Consumer<ObjectNode> change) {
    try {
      var bundle = (ObjectNode) JSON.readTree(Fixtures.read(file));
      change.accept(bundle);
      return JSON.writeValueAsBytes(bundle);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
