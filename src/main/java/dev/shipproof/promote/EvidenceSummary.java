package dev.shipproof.promote;

import dev.shipproof.api.v1alpha1.EvidenceRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one-line evidence summary of a commit's {@code Shipproof-Evidence} trailer, e.g. {@code
 * signature(keyless acme/api release.yml); slsa-provenance; test-result PASSED; sbom spdx}. One
 * entry per requirement: when a multi-arch policy judged it for several digests, the entry says for
 * how many ({@code slsa-provenance x3}); an unmet one reads {@code missing <entry>}.
 */
public final class EvidenceSummary {
  private static final Pattern GITHUB_WORKFLOW =
      Pattern.compile("https://github\\.com/([^/]+/[^/]+)/\\.github/workflows/([^@]+)@.*");

  private EvidenceSummary() {}

  /** Summarises the records in order, one entry per requirement. */
  public static String of(List<EvidenceRecord> records) {
    Map<String, List<EvidenceRecord>> byRequirement = new LinkedHashMap<>();
    for (EvidenceRecord r : records) {
      byRequirement
          .computeIfAbsent(String.valueOf(r.getRequirement()), k -> new ArrayList<>())
          .add(r);
    }
    List<String> parts = new ArrayList<>();
    for (List<EvidenceRecord> group : byRequirement.values()) {
      EvidenceRecord first = group.get(0);
      long unmet = group.stream().filter(r -> Boolean.FALSE.equals(r.getMet())).count();
      String entry = entry(unmet > 0 ? firstUnmet(group) : first);
      if (unmet > 0) {
        entry =
            "missing "
                + entry
                + (group.size() > 1 ? " (" + unmet + " of " + group.size() + ")" : "");
      } else if (group.size() > 1) {
        entry += " x" + group.size();
      } else if (first.getCoveredBy() != null) {
        entry += " via index";
      }
      parts.add(entry);
    }
    return String.join("; ", parts);
  }

  private static EvidenceRecord firstUnmet(List<EvidenceRecord> group) {
    return group.stream().filter(r -> Boolean.FALSE.equals(r.getMet())).findFirst().orElseThrow();
  }

  private static String entry(EvidenceRecord r) {
    String req = r.getRequirement();
    if ("signature".equals(req)) {
      return Boolean.FALSE.equals(r.getMet())
          ? "signature"
          : "signature(" + signer(r.getSigner()) + ")";
    }
    String type = req.toLowerCase(Locale.ROOT);
    if (type.contains("slsa.dev/provenance")) {
      return "slsa-provenance";
    }
    if (type.contains("attestation/test-result")) {
      String result =
          r.getSummary() == null || Boolean.FALSE.equals(r.getMet())
              ? ""
              : r.getSummary().replaceFirst("^result ", "");
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
