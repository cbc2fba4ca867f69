package dev.shipproof.policy;

import dev.shipproof.api.v1alpha1.GitHubClaims;
import dev.shipproof.api.v1alpha1.KeySigner;
import dev.shipproof.api.v1alpha1.KeylessSigner;
import dev.shipproof.api.v1alpha1.SignerSpec;
import dev.shipproof.model.Claim.Signer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * An any-of list of accepted signers, checked and with its expressions compiled once: keyless
 * identities (issuer, subject, optional GitHub workflow claims) and public keys (by key id).
 */
final class SignerMatcher {
  /** Fulcio's certificate extensions for GitHub Actions (OIDs 1.3.6.1.4.1.57264.1.x). */
  static final String OID_WORKFLOW_TRIGGER = "1.3.6.1.4.1.57264.1.2";

  static final String OID_WORKFLOW_SHA = "1.3.6.1.4.1.57264.1.3";
  static final String OID_WORKFLOW_NAME = "1.3.6.1.4.1.57264.1.4";
  static final String OID_WORKFLOW_REPOSITORY = "1.3.6.1.4.1.57264.1.5";
  static final String OID_WORKFLOW_REF = "1.3.6.1.4.1.57264.1.6";
  static final String OID_SOURCE_REPOSITORY_URI = "1.3.6.1.4.1.57264.1.12";
  static final String OID_SOURCE_REPOSITORY_DIGEST = "1.3.6.1.4.1.57264.1.13";
  static final String OID_SOURCE_REPOSITORY_REF = "1.3.6.1.4.1.57264.1.14";
  static final String OID_BUILD_TRIGGER = "1.3.6.1.4.1.57264.1.20";

  private static final Pattern GITHUB_REPO_URI = Pattern.compile("https://github\\.com/(.+)");

  private final List<Accepted> signers;

  /** One accepted signer; {@link #mismatch} says why a signer is not it, or null. */
  private interface Accepted {
    String mismatch(Signer signer);
  }

  private record Keyless(
      String where,
      String issuer,
      Pattern issuerPattern,
      String subject,
      Pattern subjectPattern,
      List<ClaimRule> github)
      implements Accepted {

    @Override
    public String mismatch(Signer signer) {
      if (signer == null || signer.subject() == null || signer.issuer() == null) {
        return "carries no certificate identity";
      }
      // matches(), not find(): an expression must cover the whole string, so an unanchored
      // "github.com/acme/api" cannot be satisfied by "https://github.com/evil/github.com/acme/api".
      if (issuer != null
          ? !issuer.equals(signer.issuer())
          : !issuerPattern.matcher(signer.issuer()).matches()) {
        return "issuer "
            + signer.issuer()
            + (issuer != null ? " is not " + issuer : " does not match " + issuerPattern.pattern());
      }
      if (subject != null && !subject.equals(signer.subject())) {
        return "subject " + signer.subject() + " is not " + subject;
      }
      if (subjectPattern != null && !subjectPattern.matcher(signer.subject()).matches()) {
        return "subject " + signer.subject() + " does not match " + subjectPattern.pattern();
      }
      for (var rule : github) {
        var actual = rule.read().apply(signer);
        if (!rule.wanted().equals(actual)) {
          return "certificate claim github."
              + rule.field()
              + " is "
              + (actual == null ? "absent" : actual)
              + ", "
              + where
              + " wants "
              + rule.wanted();
        }
      }
      return null;
    }
  }

  /** A public key; resolved on every match so that a rotated Secret takes effect. */
  private record Key(String where, KeySigner spec, KeyResolver keys) implements Accepted {
    @Override
    public String mismatch(Signer signer) {
      String keyId;
      try {
        keyId = keys.keyId(spec);
      } catch (IllegalArgumentException e) {
        return where + " names a key that cannot be read (" + e.getMessage() + ")";
      }
      if (keyId == null) {
        return where + " names a key this evaluator cannot read";
      }
      if (signer == null || signer.keyHint() == null) {
        return "is not signed with a key";
      }
      return keyId.equals(signer.keyHint()) ? null : "key " + signer.keyHint() + " is not " + keyId;
    }
  }

  /** One required GitHub claim: the field name, its value, and how to read it from a signer. */
  private record ClaimRule(String field, String wanted, Function<Signer, String> read) {}

  private SignerMatcher(List<Accepted> signers) {
    this.signers = signers;
  }

  /**
   * Compiles the list; each unusable entry adds a sentence to {@code problems}.
   *
   * @param prefix how entries are named in problems, e.g. {@code signatures}
   */
  static SignerMatcher compile(
      List<SignerSpec> specs, String prefix, KeyResolver keys, List<String> problems) {
    var compiled = new ArrayList<Accepted>();
    for (int i = 0; i < specs.size(); i++) {
      var where = prefix + "[" + i + "]";
      var spec = specs.get(i);
      var keyless = spec == null ? null : spec.getKeyless();
      var key = spec == null ? null : spec.getKey();
      if ((keyless == null) == (key == null)) {
        problems.add(where + " must name exactly one of keyless or key");
        continue;
      }
      var accepted =
          keyless != null ? keyless(where, keyless, problems) : key(where, key, keys, problems);
      if (accepted != null) {
        compiled.add(accepted);
      }
    }
    return new SignerMatcher(List.copyOf(compiled));
  }

  private static Accepted keyless(String where, KeylessSigner keyless, List<String> problems) {
    var issuer = blankToNull(keyless.getIssuer());
    var issuerRegExp = blankToNull(keyless.getIssuerRegExp());
    if ((issuer == null) == (issuerRegExp == null)) {
      problems.add(where + " must give exactly one of issuer or issuerRegExp");
      return null;
    }
    var subject = blankToNull(keyless.getSubject());
    var subjectRegExp = blankToNull(keyless.getSubjectRegExp());
    if (subject == null && subjectRegExp == null) {
      problems.add(
          where
              + " gives neither subject nor subjectRegExp, which would trust every identity of "
              + (issuer != null ? issuer : issuerRegExp));
      return null;
    }
    var before = problems.size();
    var issuerPattern = pattern(where, "issuerRegExp", issuerRegExp, problems);
    var subjectPattern = pattern(where, "subjectRegExp", subjectRegExp, problems);
    if (problems.size() > before) {
      return null;
    }
    return new Keyless(
        where, issuer, issuerPattern, subject, subjectPattern, github(keyless.getGithub()));
  }

  private static Accepted key(
      String where, KeySigner key, KeyResolver keys, List<String> problems) {
    // The operator (secretRef) and the CLI (file) read the key into pem before evaluation and keep
    // the source for messages: pem beside exactly one of them is a resolved key, not two sources.
    int named = (key.getSecretRef() != null ? 1 : 0) + (key.getFile() != null ? 1 : 0);
    if (named > 1 || (named == 0 && key.getPem() == null)) {
      problems.add(where + ".key must give exactly one of secretRef, file or pem");
      return null;
    }
    if (key.getPem() != null) {
      try {
        KeyResolver.INLINE_PEM.keyId(key);
      } catch (IllegalArgumentException e) {
        problems.add(where + ".key.pem is not a PEM public key: " + e.getMessage());
        return null;
      }
    }
    return new Key(where, key, keys);
  }

  private static List<ClaimRule> github(GitHubClaims claims) {
    if (claims == null) {
      return List.of();
    }
    var rules = new ArrayList<ClaimRule>();
    add(
        rules,
        "workflowRepository",
        claims.getWorkflowRepository(),
        s ->
            or(
                s.extension(OID_WORKFLOW_REPOSITORY),
                repoOf(s.extension(OID_SOURCE_REPOSITORY_URI))));
    add(
        rules,
        "workflowRef",
        claims.getWorkflowRef(),
        s -> or(s.extension(OID_WORKFLOW_REF), s.extension(OID_SOURCE_REPOSITORY_REF)));
    add(
        rules,
        "workflowTrigger",
        claims.getWorkflowTrigger(),
        s -> or(s.extension(OID_WORKFLOW_TRIGGER), s.extension(OID_BUILD_TRIGGER)));
    add(
        rules,
        "workflowSha",
        claims.getWorkflowSha(),
        s -> or(s.extension(OID_WORKFLOW_SHA), s.extension(OID_SOURCE_REPOSITORY_DIGEST)));
    add(rules, "workflowName", claims.getWorkflowName(), s -> s.extension(OID_WORKFLOW_NAME));
    return List.copyOf(rules);
  }

  private static void add(
      List<ClaimRule> rules, String field, String wanted, Function<Signer, String> read) {
    if (blankToNull(wanted) != null) {
      rules.add(new ClaimRule(field, wanted, read));
    }
  }

  /** Fulcio's V2 source repository URI is a URL; the legacy claim is {@code owner/repo}. */
  private static String repoOf(String uri) {
    if (uri == null) {
      return null;
    }
    var m = GITHUB_REPO_URI.matcher(uri);
    return m.matches() ? m.group(1) : uri;
  }

  private static String or(String first, String second) {
    return first != null ? first : second;
  }

  /** Compiles {@code regExp}, or adds a sentence to {@code problems}; null for null. */
  private static Pattern pattern(String where, String field, String regExp, List<String> problems) {
    if (regExp == null) {
      return null;
    }
    try {
      return Pattern.compile(regExp);
    } catch (PatternSyntaxException e) {
      problems.add(
          where
              + " "
              + field
              + " \""
              + regExp
              + "\" is not a valid regular expression ("
              + e.getDescription()
              + " near index "
              + e.getIndex()
              + ")");
      return null;
    }
  }

  boolean isEmpty() {
    return signers.isEmpty();
  }

  boolean matches(Signer signer) {
    return signers.stream().anyMatch(s -> s.mismatch(signer) == null);
  }

  /**
   * Why no listed signer accepts {@code signer}: the mismatch of the first entry that got past the
   * issuer (wrong subject, claim or key), else the signer's issuer, which no entry accepts.
   */
  String whyNot(Signer signer) {
    var who =
        signer == null
            ? "an unknown signer"
            : signer.subject() != null
                ? signer.subject()
                : signer.keyHint() != null ? "key " + signer.keyHint() : "an unknown signer";
    String closest = null;
    for (var accepted : signers) {
      var why = accepted.mismatch(signer);
      if (why != null && !why.startsWith("issuer ") && closest == null) {
        closest = why;
      }
    }
    if (signer != null && signer.issuer() != null && closest == null) {
      return "is signed by "
          + who
          + " (issuer "
          + signer.issuer()
          + ") which matches no signer in the policy";
    }
    return "is signed by "
        + who
        + " which matches no signer in the policy"
        + (closest == null ? "" : " (" + closest + ")");
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
