package dev.shipproof.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shipproof.api.v1alpha1.AttestationRule;
import dev.shipproof.api.v1alpha1.SignerSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One attestation rule, checked and compiled: the predicate type, who may sign it, the built-in
 * field rules of its type, and its CEL conditions.
 */
final class PredicateRule {
  static final String SLSA_PROVENANCE_V1 = "https://slsa.dev/provenance/v1";
  static final String SLSA_PROVENANCE_V02 = "https://slsa.dev/provenance/v0.2";
  static final String TEST_RESULT_V01 = "https://in-toto.io/attestation/test-result/v0.1";
  static final String SPDX = "https://spdx.dev/Document";
  static final String CYCLONEDX = "https://cyclonedx.org/bom";

  /** When a test-result rule lists no results, only a passing run is accepted. */
  private static final List<String> DEFAULT_RESULTS = List.of("PASSED");

  /** How far in the future a signed creation time may lie before it is refused (clock skew). */
  static final Duration FUTURE_SKEW = Duration.ofMinutes(5);

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern SCHEME = Pattern.compile("^(?:git\\+)?[A-Za-z][A-Za-z0-9+.-]*://");
  private static final Pattern AGE = Pattern.compile("(\\d+)([dhms])");

  private final String predicateType;
  private final SignerMatcher signers;
  private final Pattern builderId;
  private final String buildType;
  private final String sourceRepo;
  private final String sourceRef;
  private final List<String> allowedResults;
  private final Duration maxAge;
  private final CelConditions conditions;

  /**
   * The outcome of checking one predicate.
   *
   * @param met whether the predicate meets the rule
   * @param text a summary for status when met (e.g. {@code result PASSED}), else why not
   */
  record Check(boolean met, String text) {}

  private PredicateRule(
      String predicateType,
      SignerMatcher signers,
      Pattern builderId,
      String buildType,
      String sourceRepo,
      String sourceRef,
      List<String> allowedResults,
      Duration maxAge,
      CelConditions conditions) {
    this.predicateType = predicateType;
    this.signers = signers;
    this.builderId = builderId;
    this.buildType = buildType;
    this.sourceRepo = sourceRepo;
    this.sourceRef = sourceRef;
    this.allowedResults = allowedResults;
    this.maxAge = maxAge;
    this.conditions = conditions;
  }

  static boolean isSlsa(String type) {
    return SLSA_PROVENANCE_V1.equals(type) || SLSA_PROVENANCE_V02.equals(type);
  }

  static boolean isSbom(String type) {
    return type.equals(SPDX)
        || type.startsWith(SPDX + "/")
        || type.equals(CYCLONEDX)
        || type.startsWith(CYCLONEDX + "/");
  }

  /**
   * Compiles a rule. Problems with the rule add a sentence to {@code problems}; a CEL condition
   * that does not compile adds one to {@code celProblems}. Returns null when any was added.
   *
   * @param policySigners the policy's signatures, used when the rule names no signers of its own
   */
  static PredicateRule compile(
      AttestationRule rule,
      int index,
      SignerMatcher policySigners,
      KeyResolver keys,
      List<String> problems,
      List<String> celProblems) {
    var where = "attestations[" + index + "]";
    if (rule == null || rule.getPredicateType() == null || rule.getPredicateType().isBlank()) {
      problems.add(where + " has no predicateType");
      return null;
    }
    var before = problems.size() + celProblems.size();
    var type = rule.getPredicateType();
    var slsaOnly =
        rule.getBuilderIdRegExp() != null
            || rule.getSourceRepo() != null
            || rule.getSourceRef() != null
            || rule.getBuildType() != null;
    if (slsaOnly && !isSlsa(type)) {
      problems.add(
          where
              + " sets builderIdRegExp, buildType, sourceRepo or sourceRef, which apply only to "
              + SLSA_PROVENANCE_V1
              + " and "
              + SLSA_PROVENANCE_V02
              + ", not "
              + type);
    }
    var results = rule.getAllowedResults() == null ? List.<String>of() : rule.getAllowedResults();
    if (!results.isEmpty() && !type.equals(TEST_RESULT_V01)) {
      problems.add(
          where + " sets allowedResults, which apply only to " + TEST_RESULT_V01 + ", not " + type);
    }
    Duration maxAge = null;
    if (rule.getMaxAge() != null) {
      if (!isSbom(type) && !isSlsa(type)) {
        problems.add(
            where
                + " sets maxAge, which applies only to SPDX and CycloneDX SBOMs and SLSA"
                + " provenance (they carry a creation time), not "
                + type);
      } else {
        maxAge = age(rule.getMaxAge());
        if (maxAge == null) {
          problems.add(
              where
                  + " maxAge \""
                  + rule.getMaxAge()
                  + "\" is not a duration (e.g. 720h, 30d, 1h30m or P30D)");
        }
      }
    }
    Pattern builder = null;
    if (rule.getBuilderIdRegExp() != null) {
      try {
        builder = Pattern.compile(rule.getBuilderIdRegExp());
      } catch (PatternSyntaxException e) {
        problems.add(
            where
                + " builderIdRegExp \""
                + rule.getBuilderIdRegExp()
                + "\" is not a valid regular expression ("
                + e.getDescription()
                + " near index "
                + e.getIndex()
                + ")");
      }
    }
    var own = rule.getSigners() == null ? List.<SignerSpec>of() : rule.getSigners();
    var signers =
        own.isEmpty()
            ? policySigners
            : SignerMatcher.compile(own, where + ".signers", keys, problems);
    if (own.isEmpty() && policySigners.isEmpty()) {
      problems.add(
          where
              + " names no signers and the policy lists none, and every attestation must be"
              + " signed by a listed signer");
    }
    var conditions =
        CelConditions.compile(
            rule.getConditions() == null ? List.of() : rule.getConditions(), where, celProblems);
    if (problems.size() + celProblems.size() > before) {
      return null;
    }
    return new PredicateRule(
        type,
        signers,
        builder,
        rule.getBuildType(),
        rule.getSourceRepo(),
        rule.getSourceRef(),
        results.isEmpty() ? DEFAULT_RESULTS : List.copyOf(results),
        maxAge,
        conditions);
  }

  String predicateType() {
    return predicateType;
  }

  SignerMatcher signers() {
    return signers;
  }

  /**
   * Checks a verified predicate of this rule's type.
   *
   * @param predicateJson the predicate
   * @param statementJson the whole statement, or null when unknown (then a statement is rebuilt
   *     from the type and predicate for conditions)
   * @param now the evaluation time, for {@code maxAge}
   */
  Check check(String predicateJson, String statementJson, Instant now) {
    var predicate = tree(predicateJson);
    if (predicate == null || !predicate.isObject()) {
      return new Check(false, "carries no readable predicate");
    }
    Check builtIn;
    if (predicateType.equals(SLSA_PROVENANCE_V1)) {
      builtIn = checkProvenanceV1(predicate);
    } else if (predicateType.equals(SLSA_PROVENANCE_V02)) {
      builtIn = checkProvenanceV02(predicate);
    } else if (predicateType.equals(TEST_RESULT_V01)) {
      builtIn = checkTestResult(predicate);
    } else if (isSbom(predicateType)) {
      builtIn = checkSbom(predicate);
    } else {
      builtIn = new Check(true, "present and verified");
    }
    if (!builtIn.met()) {
      return builtIn;
    }
    if (maxAge != null) {
      var age = checkAge(predicate, now);
      if (age != null) {
        return age;
      }
    }
    if (!conditions.isEmpty()) {
      var statement = tree(statementJson);
      if (statement == null || !statement.isObject()) {
        ObjectNode rebuilt = JsonNodeFactory.instance.objectNode();
        rebuilt.put("predicateType", predicateType);
        rebuilt.set("predicate", predicate);
        statement = rebuilt;
      }
      var outcome = conditions.check(predicate, statement);
      if (!outcome.met()) {
        return new Check(false, outcome.text());
      }
    }
    return builtIn;
  }

  private Check checkProvenanceV1(JsonNode predicate) {
    var id = text(predicate.at("/runDetails/builder/id"));
    var type = text(predicate.at("/buildDefinition/buildType"));
    var workflow = predicate.at("/buildDefinition/externalParameters/workflow");
    var repo = text(workflow.path("repository"));
    var ref = text(workflow.path("ref"));
    if (repo == null) {
      // Not a GitHub workflow build: the first git dependency names the source.
      var source = gitSource(predicate.at("/buildDefinition/resolvedDependencies"));
      repo = source[0];
      ref = ref == null ? source[1] : ref;
    }
    return checkProvenance(id, type, repo, ref);
  }

  private Check checkProvenanceV02(JsonNode predicate) {
    var id = text(predicate.at("/builder/id"));
    var type = text(predicate.path("buildType"));
    var source = splitGitUri(text(predicate.at("/invocation/configSource/uri")));
    if (source[0] == null) {
      source = gitSource(predicate.path("materials"));
    }
    return checkProvenance(id, type, source[0], source[1]);
  }

  private Check checkProvenance(String id, String type, String repo, String ref) {
    // find(), not matches(): builder ids carry a runner suffix and the kit's expression is a
    // prefix anchored with ^ ("^https://github.com/actions/runner"); the policy author anchors it.
    if (builderId != null && (id == null || !builderId.matcher(id).find())) {
      return new Check(
          false, "names builder " + quoted(id) + ", which does not match " + builderId.pattern());
    }
    if (buildType != null && !buildType.equals(type)) {
      return new Check(false, "has build type " + quoted(type) + ", not " + buildType);
    }
    if (sourceRepo != null
        && (repo == null || !withoutScheme(repo).equals(withoutScheme(sourceRepo)))) {
      return new Check(false, "was built from repository " + quoted(repo) + ", not " + sourceRepo);
    }
    if (sourceRef != null && !sourceRef.equals(ref)) {
      return new Check(false, "was built from ref " + quoted(ref) + ", not " + sourceRef);
    }
    return new Check(true, "builder " + (id == null ? "unknown" : id));
  }

  /** {repo, ref} of the first {@code git+} URI among materials or resolved dependencies. */
  private static String[] gitSource(JsonNode dependencies) {
    if (dependencies != null && dependencies.isArray()) {
      for (var dependency : dependencies) {
        var uri = text(dependency.path("uri"));
        if (uri != null && uri.startsWith("git+")) {
          return splitGitUri(uri);
        }
      }
    }
    return new String[] {null, null};
  }

  /** {@code git+https://github.com/acme/api@refs/heads/main} into repository and ref. */
  private static String[] splitGitUri(String uri) {
    if (uri == null) {
      return new String[] {null, null};
    }
    var at = uri.lastIndexOf('@');
    var slash = uri.lastIndexOf('/');
    return at > slash || (at > 0 && uri.indexOf("@refs/") == at)
        ? new String[] {uri.substring(0, at), uri.substring(at + 1)}
        : new String[] {uri, null};
  }

  private Check checkTestResult(JsonNode predicate) {
    var result = text(predicate.path("result"));
    if (result == null || !allowedResults.contains(result)) {
      return new Check(
          false,
          "says result "
              + (result == null ? "(none)" : result)
              + ", but the policy allows only "
              + allowedResults);
    }
    return new Check(true, "result " + result);
  }

  private Check checkSbom(JsonNode predicate) {
    var spdx = text(predicate.path("spdxVersion"));
    if (spdx != null) {
      return new Check(true, spdx);
    }
    var cyclone = text(predicate.path("specVersion"));
    var format = text(predicate.path("bomFormat"));
    if (cyclone != null) {
      return new Check(true, (format == null ? "CycloneDX" : format) + " " + cyclone);
    }
    return new Check(true, "present and verified");
  }

  /** Null when young enough, else why not. */
  private Check checkAge(JsonNode predicate, Instant now) {
    var field = createdField();
    String created = null;
    for (var pointer : field) {
      created = text(predicate.at(pointer));
      if (created != null) {
        break;
      }
    }
    if (created == null) {
      return new Check(
          false,
          "has no creation time (" + String.join(" or ", field) + "), so maxAge cannot hold");
    }
    Instant time;
    try {
      time = OffsetDateTime.parse(created).toInstant();
    } catch (DateTimeParseException e) {
      return new Check(false, "has creation time \"" + created + "\", which is not RFC 3339");
    }
    if (time.isAfter(now.plus(FUTURE_SKEW))) {
      return new Check(false, "claims it was created at " + created + ", in the future");
    }
    if (Duration.between(time, now).compareTo(maxAge) > 0) {
      return new Check(
          false,
          "was created at " + created + ", more than " + describe(maxAge) + " before " + now);
    }
    return null;
  }

  private List<String> createdField() {
    if (predicateType.equals(SLSA_PROVENANCE_V1)) {
      return List.of("/runDetails/metadata/finishedOn", "/runDetails/metadata/startedOn");
    }
    if (predicateType.equals(SLSA_PROVENANCE_V02)) {
      return List.of("/metadata/buildFinishedOn", "/metadata/buildStartedOn");
    }
    return predicateType.startsWith(SPDX)
        ? List.of("/creationInfo/created")
        : List.of("/metadata/timestamp");
  }

  /** {@code 720h}, {@code 30d}, {@code 1h30m}, or ISO 8601 {@code P30D}; null when unreadable. */
  static Duration age(String text) {
    var value = text.strip();
    if (value.startsWith("P") || value.startsWith("p")) {
      try {
        var parsed = Duration.parse(value.toUpperCase(Locale.ROOT));
        return parsed.isNegative() || parsed.isZero() ? null : parsed;
      } catch (DateTimeParseException e) {
        return null;
      }
    }
    Matcher m = AGE.matcher(value);
    var total = Duration.ZERO;
    int end = 0;
    while (m.find()) {
      if (m.start() != end) {
        return null;
      }
      end = m.end();
      long n;
      try {
        n = Long.parseLong(m.group(1));
      } catch (NumberFormatException e) {
        return null;
      }
      total =
          total.plus(
              switch (m.group(2)) {
                case "d" -> Duration.ofDays(n);
                case "h" -> Duration.ofHours(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofSeconds(n);
              });
    }
    return end == value.length() && !total.isZero() ? total : null;
  }

  private static String describe(Duration d) {
    return d.toString().substring(2).toLowerCase(Locale.ROOT);
  }

  private static JsonNode tree(String json) {
    try {
      return json == null ? null : JSON.readTree(json);
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  private static String withoutScheme(String repo) {
    var bare = SCHEME.matcher(repo.strip()).replaceFirst("");
    if (bare.endsWith(".git")) {
      bare = bare.substring(0, bare.length() - 4);
    }
    return bare.endsWith("/") ? bare.substring(0, bare.length() - 1) : bare;
  }

  private static String text(JsonNode node) {
    return node != null && node.isTextual() ? node.asText() : null;
  }

  private static String quoted(String value) {
    return value == null ? "(none)" : value;
  }
}
