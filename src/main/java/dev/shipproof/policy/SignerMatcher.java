package dev.shipproof.policy;

import dev.shipproof.api.v1alpha1.KeylessSigner;
import dev.shipproof.api.v1alpha1.SignerSpec;
import dev.shipproof.model.Claim.Signer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;

/** The policy's signer list, checked and with its expressions compiled once. */
final class SignerMatcher {
  private final List<Keyless> signers;
  private final List<KeySignerMatch> keys;

  private record Keyless(String issuer, String subject, Pattern subjectPattern) {
    boolean matches(Signer signer) {
      if (signer == null || !issuer.equals(signer.issuer()) || signer.subject() == null) {
        return false;
      }
      if (subject != null && !subject.equals(signer.subject())) {
        return false;
      }
      // matches(), not find(): the expression must cover the whole SAN, so an unanchored
      // "github.com/acme/api" cannot be satisfied by "https://github.com/evil/github.com/acme/api".
      return subjectPattern == null || subjectPattern.matcher(signer.subject()).matches();
    }
  }

  private SignerMatcher(List<Keyless> signers, List<KeySignerMatch> keys) {
    this.signers = signers;
    this.keys = keys;
  }

  /** Compiles the list; each unusable entry adds a sentence to {@code problems}. */
  static SignerMatcher compile(List<SignerSpec> specs, List<String> problems) {
    var compiled = new ArrayList<Keyless>();
    var keys = new ArrayList<KeySignerMatch>();
    for (int i = 0; i < specs.size(); i++) {
      var where = "signatures[" + i + "]";
      var spec = specs.get(i);
      if (spec != null && spec.getKey() != null) {
        KeySignerMatch.compile(spec, where, problems).ifPresent(keys::add);
        continue;
      }
      KeylessSigner keyless = spec == null ? null : spec.getKeyless();
      if (keyless == null) {
        problems.add(where + " names neither a keyless signer nor a key");
        continue;
      }
      if (keyless.getIssuer() == null || keyless.getIssuer().isBlank()) {
        problems.add(where + " has no issuer");
        continue;
      }
      var subject = blankToNull(keyless.getSubject());
      var regExp = blankToNull(keyless.getSubjectRegExp());
      if (subject == null && regExp == null) {
        problems.add(
            where
                + " gives neither subject nor subjectRegExp, which would trust every"
                + " identity of "
                + keyless.getIssuer());
        continue;
      }
      Pattern pattern = null;
      if (regExp != null) {
        try {
          pattern = Pattern.compile(regExp);
        } catch (PatternSyntaxException e) {
          problems.add(
              where
                  + " subjectRegExp \""
                  + regExp
                  + "\" is not a valid regular expression ("
                  + e.getDescription()
                  + " near index "
                  + e.getIndex()
                  + ")");
          continue;
        }
      }
      compiled.add(new Keyless(keyless.getIssuer(), subject, pattern));
    }
    return new SignerMatcher(List.copyOf(compiled), List.copyOf(keys));
  }

  boolean matches(Signer signer) {
    return signers.stream().anyMatch(s -> s.matches(signer))
        || keys.stream().anyMatch(k -> k.matches(signer));
  }

  boolean knowsIssuer(String issuer) {
    return issuers().contains(issuer);
  }

  private Set<String> issuers() {
    return signers.stream().map(Keyless::issuer).collect(Collectors.toSet());
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
