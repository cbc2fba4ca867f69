package dev.shipproof.evidence;

import static dev.shipproof.evidence.Fixtures.SINGLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.gson.JsonParser;
import dev.shipproof.model.Claim;
import dev.shipproof.model.Claim.Rejection;
import dev.sigstore.KeylessVerificationException;
import dev.sigstore.KeylessVerifier;
import dev.sigstore.VerificationOptions;
import dev.sigstore.bundle.Bundle;
import dev.sigstore.bundle.BundleParseException;
import dev.sigstore.bundle.ImmutableDsseEnvelope;
import dev.sigstore.bundle.ImmutableSignature;
import dev.sigstore.encryption.signers.Verifiers;
import dev.sigstore.rekor.client.RekorEntry;
import dev.sigstore.rekor.client.RekorVerifier;
import dev.sigstore.trustroot.SigstoreTrustedRoot;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
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
    // We read keyed bundles ourselves and verify them with the policy's keys.
    var keyed =
        new String(
            Fixtures.read("bundles/single/keyed-message-signature.sigstore.json"),
            StandardCharsets.UTF_8);
    assertThatThrownBy(() -> Bundle.from(new StringReader(keyed)))
        .isInstanceOf(BundleParseException.class)
        .hasMessageContaining("Plain public keys are not supported");

    var claim =
        ours(
            Fixtures.read("bundles/single/keyed-message-signature.sigstore.json"),
            Fixtures.trustWithCosignKey());
    assertThat(claim.status()).as(claim.detail()).isEqualTo(Claim.Status.VERIFIED);
    assertThat(claim.signer().keyHint()).isEqualTo(Fixtures.COSIGN_KEY_ID);
  }

  @Test
  void sigstoreJavaAloneBuildsTheDssePaeFromCharacterCountsSoNonAsciiAttestationsFail()
      throws Exception {
    // DSSE signs "DSSEv1 <len(type)> type <len(payload)> payload" with lengths in BYTES.
    // sigstore-java 2.0.0 uses the payload's String length, so "Müller" (6 characters, 7 bytes)
    // gives another encoding and a valid signature does not verify (KeylessVerifier's DSSE check
    // is exactly this Verifier over getPAE()). We build the encoding ourselves.
    var signer = TestLog.ecKeyPair("secp256r1");
    var payload = KeyedEvidence.statement(SINGLE.substring(7), "Müller GmbH");
    var signature =
        TestLog.sign("SHA256withECDSA", signer.getPrivate(), TestLog.pae(TestLog.IN_TOTO, payload));
    var envelope =
        ImmutableDsseEnvelope.builder()
            .payload(payload)
            .payloadType(TestLog.IN_TOTO)
            .addSignatures(ImmutableSignature.builder().sig(signature).build())
            .build();
    assertThat(envelope.getPAE()).isNotEqualTo(TestLog.pae(TestLog.IN_TOTO, payload));
    assertThat(Verifiers.newVerifier(signer.getPublic()).verify(envelope.getPAE(), signature))
        .isFalse();

    var log = TestLog.create();
    var bundle = KeyedEvidence.dsseBundle(log, signer, "SHA256withECDSA", payload);
    var key = SigningKey.fromPem(TestLog.pem(signer.getPublic()));
    var claim = ours(bundle, log.trust().withKeys(List.of(key)));
    assertThat(claim.status()).as(claim.detail()).isEqualTo(Claim.Status.VERIFIED);
    assertThat(claim.predicateJson()).contains("Müller GmbH");
  }

  @Test
  void sigstoreJavaAloneAcceptsAnEntryIntegratedInTheFuture() throws Exception {
    // sigstore-java has no clock: an entry the log dates ahead of now verifies. The kit's
    // entries are integrated at 2026-11-02T09:01Z; seen from a day earlier they lie in the future.
    var dayBefore = Clock.fixed(Instant.parse("2026-11-01T09:00:00Z"), ZoneOffset.UTC);
    var bundle = Fixtures.read("bundles/single/message-signature.sigstore.json");
    assertThatCode(() -> sigstoreJavaVerify(bundle, Fixtures.trust())).doesNotThrowAnyException();

    var early = new SigstoreEvidenceVerifier(dayBefore);
    for (var file :
        List.of(
            "bundles/single/message-signature.sigstore.json",
            "bundles/single/slsa-provenance.sigstore.json")) {
      var item = Fixtures.bundleItem("test", Fixtures.read(file), Map.of());
      var claim =
          early.verify(SINGLE, Fixtures.manifest(SINGLE), List.of(item), Fixtures.trust()).get(0);
      assertThat(claim.rejection()).as(file).isEqualTo(Rejection.SIGNATURE_INVALID);
      assertThat(claim.detail()).as(file).contains("in the future");
    }
    // Within the allowed clock skew the same entry passes.
    var justBefore =
        Clock.fixed(
            Instant.parse("2026-11-02T09:01:00Z").minus(SignedTimeCheck.CLOCK_SKEW),
            ZoneOffset.UTC);
    var item = Fixtures.bundleItem("test", bundle, Map.of());
    assertThat(
            new SigstoreEvidenceVerifier(justBefore)
                .verify(SINGLE, Fixtures.manifest(SINGLE), List.of(item), Fixtures.trust())
                .get(0)
                .verified())
        .isTrue();
  }

  @Test
  void sigstoreJavaAloneTrustsATransparencyLogWhoseKeyHasNoValidityStart() throws Exception {
    // A log key without validFor.start is taken as valid since forever. We drop such a log.
    var root = (ObjectNode) JSON.readTree(Fixtures.read("trust/trusted_root.json"));
    var tlogs = (ArrayNode) root.path("tlogs");
    ((ObjectNode) tlogs.get(0).path("publicKey")).remove("validFor");
    // A second, dated log keeps the root usable.
    tlogs.add(TestLog.create().trustedRootTlog());
    var bytes = JSON.writeValueAsBytes(root);
    var library = SigstoreTrustedRoot.from(new ByteArrayInputStream(bytes));
    var bundle =
        Bundle.from(
            new StringReader(
                new String(
                    Fixtures.read("bundles/single/message-signature.sigstore.json"),
                    StandardCharsets.UTF_8)));
    assertThatCode(
            () ->
                KeylessVerifier.builder()
                    .trustedRootProvider(() -> library)
                    .build()
                    .verify(
                        HexFormat.of().parseHex(SINGLE.substring(7)),
                        bundle,
                        VerificationOptions.empty()))
        .doesNotThrowAnyException();

    var claim =
        ours(
            Fixtures.read("bundles/single/message-signature.sigstore.json"),
            TrustRoot.parse(bytes));
    assertThat(claim.rejection()).isEqualTo(Rejection.SIGNATURE_INVALID);
    assertThat(claim.detail()).contains("not in the trusted root");
  }

  @Test
  void sigstoreJavaAloneMatchesCheckpointSignersByHostWithoutThePort() throws Exception {
    // A checkpoint signed by "localhost:8000" is matched against baseUrl.getHost() ("localhost")
    // and refused. The signer name is not signed, so we rename it to what sigstore-java compares.
    var folder = Fixtures.root().resolve("conformance/bundle-verify/intoto-with-custom-trust-root");
    var rootBytes = Files.readAllBytes(folder.resolve("trusted_root.json"));
    var json =
        JsonParser.parseString(Files.readString(folder.resolve("bundle.sigstore.json")))
            .getAsJsonObject();
    var entry =
        RekorEntry.fromTLogEntryJson(
            json.getAsJsonObject("verificationMaterial")
                .getAsJsonArray("tlogEntries")
                .get(0)
                .toString());
    var library = SigstoreTrustedRoot.from(new ByteArrayInputStream(rootBytes));
    assertThatThrownBy(() -> RekorVerifier.newRekorVerifier(library).verifyEntry(entry))
        .hasMessageContaining("No matching checkpoint signature");

    var trust = TrustRoot.parse(rootBytes);
    assertThat(CheckpointNames.normalise(json, trust)).isTrue();
    var renamed =
        RekorEntry.fromTLogEntryJson(
            json.getAsJsonObject("verificationMaterial")
                .getAsJsonArray("tlogEntries")
                .get(0)
                .toString());
    assertThatCode(() -> trust.rekorVerifier().verifyEntry(renamed)).doesNotThrowAnyException();
  }

  @Test
  void sigstoreJavaAloneReadsDsseLogEntriesOfKindDsseOnly() throws Exception {
    // A DSSE bundle logged as intoto 0.0.2 (cosign's attestations) or, on Rekor v2, as a
    // hashedrekord over the DSSE encoding, is refused: "Expecting type dsse:0.0.2". We check
    // each kind's recorded payload hash, signature and signer ourselves.
    for (var name : List.of("intoto-with-custom-trust-root", "rekor2-dsse-happy-path")) {
      var folder = Fixtures.root().resolve("conformance/bundle-verify/" + name);
      var trust = TrustRoot.parse(Files.readAllBytes(folder.resolve("trusted_root.json")));
      var artifact =
          Files.exists(folder.resolve("artifact"))
              ? folder.resolve("artifact")
              : folder.resolveSibling("a.txt");
      var sha256 = CosignLayers.sha256(Files.readAllBytes(artifact));
      var text = Files.readString(folder.resolve("bundle.sigstore.json"));
      if (name.startsWith("intoto")) {
        // Let sigstore-java get past the checkpoint gap above to the one shown here.
        var json = JsonParser.parseString(text).getAsJsonObject();
        CheckpointNames.normalise(json, trust);
        text = json.toString();
      }
      var bundle = Bundle.from(new StringReader(text));
      assertThatThrownBy(
              () -> trust.keylessVerifier().verify(sha256, bundle, VerificationOptions.empty()))
          .as(name)
          .hasMessageContaining("Could not parse DSSE from log entry body");

      var claim =
          new BundleVerifier()
              .claim(
                  Files.readAllBytes(folder.resolve("bundle.sigstore.json")),
                  HexFormat.of().formatHex(sha256),
                  trust);
      assertThat(claim.status()).as(name + ": " + claim.detail()).isEqualTo(Claim.Status.VERIFIED);
    }
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
