package dev.shipproof.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.shipproof.model.Claim;
import dev.shipproof.model.ImageRef;
import dev.shipproof.policy.Decision;
import dev.shipproof.promote.DigestCheck;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Prints what {@code shipproof verify} decided, as text or as one JSON object (docs/cli.md has the
 * shape), and returns the exit code.
 */
final class VerifyReport {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final PrintWriter out;
  private final PrintWriter err;
  private final boolean json;

  VerifyReport(PrintWriter out, PrintWriter err, boolean json) {
    this.out = out;
    this.err = err;
    this.json = json;
  }

  /** Allowed (0) or denied (1), with every met and unmet requirement. */
  int decided(ImageRef ref, DigestCheck check) {
    String image = ref.withDigest(ref.digest()).toString();
    Decision decision = check.decision();
    if (json) {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("image", image);
      body.put("digest", ref.digest());
      body.put("verdict", check.allowed() ? "allowed" : "denied");
      body.put("reason", check.reason());
      body.put("message", check.message());
      body.put("satisfied", decision == null ? List.of() : satisfied(decision));
      body.put("unmet", decision == null ? List.of() : unmet(decision));
      print(body);
    } else if (check.allowed()) {
      out.println("allowed: " + image);
      for (Decision.Satisfied s : decision.satisfied()) {
        out.println("  " + s.requirement() + ": " + describe(s));
      }
    } else {
      out.println("denied (" + check.reason() + "): " + image);
      if (decision == null || decision.unmet().isEmpty()) {
        out.println("  " + check.message());
      } else {
        for (Decision.Unmet u : decision.unmet()) {
          out.println("  " + u.requirement() + ": " + u.reason() + ": " + u.message());
        }
      }
    }
    out.flush();
    return VerifyCommand.exitCode(check.allowed());
  }

  /** Could not decide (2): the reason on stderr, and in JSON on stdout too. */
  int undecided(String image, String reason, String message) {
    if (json) {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("image", image);
      body.put("verdict", "error");
      body.put("reason", reason);
      body.put("message", message);
      print(body);
    }
    err.println("verify: could not decide (" + reason + "): " + message);
    err.flush();
    return VerifyCommand.UNDECIDED;
  }

  private void print(Map<String, Object> body) {
    try {
      out.println(JSON.writeValueAsString(body));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("report cannot be written as JSON", e);
    }
    out.flush();
  }

  private static List<Map<String, Object>> satisfied(Decision decision) {
    List<Map<String, Object>> list = new ArrayList<>();
    for (Decision.Satisfied s : decision.satisfied()) {
      Map<String, Object> entry = new LinkedHashMap<>();
      Claim.Signer signer = s.claim().signer();
      entry.put("requirement", s.requirement());
      entry.put("source", s.claim().source());
      entry.put("signer", signer == null ? null : signer.toString());
      entry.put("issuer", signer == null ? null : signer.issuer());
      entry.put("summary", s.summary());
      list.add(entry);
    }
    return list;
  }

  private static List<Map<String, Object>> unmet(Decision decision) {
    List<Map<String, Object>> list = new ArrayList<>();
    for (Decision.Unmet u : decision.unmet()) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("requirement", u.requirement());
      entry.put("reason", u.reason());
      entry.put("message", u.message());
      list.add(entry);
    }
    return list;
  }

  private static String describe(Decision.Satisfied s) {
    Claim.Signer signer = s.claim().signer();
    String by = signer == null ? "" : ", signed by " + signer;
    String summary = s.summary() == null || s.summary().isBlank() ? "" : " (" + s.summary() + ")";
    return s.claim().source() + by + summary;
  }
}
