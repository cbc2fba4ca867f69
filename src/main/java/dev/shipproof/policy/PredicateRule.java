package dev.shipproof.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shipproof.api.v1alpha1.AttestationRule;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** One attestation rule, checked and compiled: the predicate type and its conditions. */
final class PredicateRule {
  static final String SLSA_PROVENANCE_V1 = "https://slsa.dev/provenance/v1";
  static final String TEST_RESULT_V01 = "https://in-toto.io/attestation/test-result/v0.1";

  /** When a test-result rule lists no results, only a passing run is accepted. */
  private static final List<String> DEFAULT_RESULTS = List.of("PASSED");

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*://");

  private final String predicateType;
  private final Pattern builderId;
  private final String sourceRepo;
  private final String sourceRef;
  private final List<String> allowedResults;

  /**
   * The outcome of checking one predicate.
   *
   * @param met whether the predicate meets the rule
   * @param text a summary for status when met (e.g. {@code result PASSED}), else why not
   */
  record Check(boolean met, String text) {}

  private PredicateRule(
      String predicateType,
      Pattern builderId,
      String sourceRepo,
      String sourceRef,
      List<String> allowedResults) {
    this.predicateType = predicateType;
    this.builderId = builderId;
    this.sourceRepo = sourceRepo;
    this.sourceRef = sourceRef;
    this.allowedResults = allowedResults;
  }

  /** Compiles a rule, or adds a sentence to {@code problems} and returns null. */
  static PredicateRule compile(AttestationRule rule, int index, List<String> problems) {
    var where = "attestations[" + index + "]";
    if (rule == null || rule.getPredicateType() == null || rule.getPredicateType().isBlank()) {
      problems.add(where + " has no predicateType");
      return null;
    }
    var type = rule.getPredicateType();
    var slsaOnly =
        rule.getBuilderIdRegExp() != null
            || rule.getSourceRepo() != null
            || rule.getSourceRef() != null;
    if (slsaOnly && !type.equals(SLSA_PROVENANCE_V1)) {
      problems.add(
          where
              + " sets builderIdRegExp, sourceRepo or sourceRef, which apply only to "
              + SLSA_PROVENANCE_V1
              + ", not "
              + type);
      return null;
    }
    var results = rule.getAllowedResults() == null ? List.<String>of() : rule.getAllowedResults();
    if (!results.isEmpty() && !type.equals(TEST_RESULT_V01)) {
      problems.add(
          where + " sets allowedResults, which apply only to " + TEST_RESULT_V01 + ", not " + type);
      return null;
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
        return null;
      }
    }
    return new PredicateRule(
        type,
        builder,
        rule.getSourceRepo(),
        rule.getSourceRef(),
        results.isEmpty() ? DEFAULT_RESULTS : List.copyOf(results));
  }

  String predicateType() {
    return predicateType;
  }

  /** Checks a verified predicate of this rule's type. */
  Check check(String predicateJson) {
    JsonNode predicate;
    try {
      predicate = predicateJson == null ? null : JSON.readTree(predicateJson);
    } catch (JsonProcessingException e) {
      predicate = null;
    }
    if (predicate == null || !predicate.isObject()) {
      return new Check(false, "carries no readable predicate");
    }
    return switch (predicateType) {
      case SLSA_PROVENANCE_V1 -> checkProvenance(predicate);
      case TEST_RESULT_V01 -> checkTestResult(predicate);
      default -> new Check(true, "present and verified");
    };
  }

  private Check checkProvenance(JsonNode predicate) {
    var id = text(predicate.at("/runDetails/builder/id"));
    // find(), not matches(): builder ids carry a runner suffix and the kit's expression is a
    // prefix anchored with ^ ("^https://github.com/actions/runner"); the policy author anchors it.
    if (builderId != null && (id == null || !builderId.matcher(id).find())) {
      return new Check(
          false, "names builder " + quoted(id) + ", which does not match " + builderId.pattern());
    }
    var workflow = predicate.at("/buildDefinition/externalParameters/workflow");
    if (sourceRepo != null) {
      var repo = text(workflow.path("repository"));
      if (repo == null || !withoutScheme(repo).equals(withoutScheme(sourceRepo))) {
        return new Check(
            false, "was built from repository " + quoted(repo) + ", not " + sourceRepo);
      }
    }
    if (sourceRef != null) {
      var ref = text(workflow.path("ref"));
      if (!sourceRef.equals(ref)) {
        return new Check(false, "was built from ref " + quoted(ref) + ", not " + sourceRef);
      }
    }
    return new Check(true, "builder " + (id == null ? "unknown" : id));
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

  private static String withoutScheme(String repo) {
    var bare = SCHEME.matcher(repo.strip()).replaceFirst("");
    return bare.endsWith("/") ? bare.substring(0, bare.length() - 1) : bare;
  }

  private static String text(JsonNode node) {
    return node != null && node.isTextual() ? node.asText() : null;
  }

  private static String quoted(String value) {
    return value == null ? "(none)" : value;
  }
}
