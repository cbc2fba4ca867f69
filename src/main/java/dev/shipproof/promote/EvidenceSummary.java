package dev.shipproof.promote;

import dev.shipproof.api.v1alpha1.EvidenceRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one-line evidence summary of a commit's {@code Shipproof-Evidence} trailer, e.g. {@code
 * signature(keyless acme/api release.yml); slsa-provenance; test-result PASSED; sbom spdx}.
 */
public final class EvidenceSummary {
  private static final Pattern GITHUB_WORKFLOW =
      Pattern.compile("https://github\\.com/([^/]+/[^/]+)/\\.github/workflows/([^@]+)@.*");

  private EvidenceSummary() {}

  /** Summarises the records in order, one entry per requirement. */
  public static String of(List<EvidenceRecord> records) {
    List<String> parts = new ArrayList<>();
    for (EvidenceRecord r : records) {
      parts.add(entry(r));
    }
    return String.join("; ", parts);
  }

  private static String entry(EvidenceRecord r) {
    String req = r.getRequirement();
    if ("signature".equals(req)) {
      return "signature(" + signer(r.getSigner()) + ")";
    }
    String type = req.toLowerCase(Locale.ROOT);
    if (type.contains("slsa.dev/provenance")) {
      return "slsa-provenance";
    }
    if (type.contains("attestation/test-result")) {
      String result = r.getSummary() == null ? "" : r.getSummary().replaceFirst("^result ", "");
      return ("test-result " + result).strip();
    }
    if (type.contains("spdx.dev")) {
      return "sbom spdx";
    }
    if (type.contains("cyclonedx")) {
      return "sbom cyclonedx";
    }
    return req;
  }

  private static String signer(String subject) {
    if (subject == null) {
      return "unknown";
    }
    if (subject.startsWith("key ")) {
      return subject;
    }
    Matcher m = GITHUB_WORKFLOW.matcher(subject);
    if (m.matches()) {
      return "keyless " + m.group(1) + " " + m.group(2);
    }
    return "keyless " + subject;
  }
}
