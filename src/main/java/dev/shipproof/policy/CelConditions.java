package dev.shipproof.policy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.SimpleType;
import dev.cel.common.values.NullValue;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An attestation rule's CEL conditions, compiled once per policy. Each expression sees two
 * variables, {@code predicate} and {@code statement} (the whole in-toto statement), as JSON values
 * (maps, lists, strings, {@code int} for integral numbers, {@code double} otherwise, {@code bool},
 * {@code null}) and must evaluate to {@code true}.
 *
 * <p>Evaluation is bounded by cost, not wall-clock time, so a decision stays reproducible: at most
 * {@value #MAX_STEPS} evaluated sub-expressions and {@value #MAX_ITERATIONS} comprehension
 * iterations per expression, an expression of at most {@value #MAX_EXPRESSION_CHARS} characters,
 * and regular expressions of bounded program size. A condition that runs over its budget, errs
 * (e.g. a missing field) or yields anything but {@code true} is not met.
 */
final class CelConditions {
  static final int MAX_STEPS = 50_000;
  static final int MAX_ITERATIONS = 10_000;
  static final int MAX_EXPRESSION_CHARS = 4_096;

  /**
   * The compiler and runtime, built on first use: CEL's start-up (protobuf descriptors, standard
   * library) takes seconds on a small machine, and most policies have no conditions.
   */
  private static final class Engine {
    static final CelOptions OPTIONS =
        CelOptions.current()
            .maxExpressionCodePointSize(MAX_EXPRESSION_CHARS)
            .comprehensionMaxIterations(MAX_ITERATIONS)
            .maxRegexProgramSize(1_000)
            .enableHeterogeneousNumericComparisons(true)
            .build();

    static final CelCompiler COMPILER =
        CelCompilerFactory.standardCelCompilerBuilder()
            .setOptions(OPTIONS)
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .addVar("predicate", SimpleType.DYN)
            .addVar("statement", SimpleType.DYN)
            .setResultType(SimpleType.BOOL)
            .build();

    static final CelRuntime RUNTIME =
        CelRuntimeFactory.standardCelRuntimeBuilder().setOptions(OPTIONS).build();

    private Engine() {}
  }

  private final List<Condition> conditions;

  private record Condition(String expression, CelRuntime.Program program) {}

  /**
   * One expression's outcome.
   *
   * @param met true only when the expression evaluated to {@code true}
   * @param text when not met, which expression and why
   */
  record Outcome(boolean met, String text) {}

  /** Thrown from the evaluation listener to stop an expression that ran over its budget. */
  private static final class OverBudget extends RuntimeException {
    OverBudget() {
      super(null, null, false, false);
    }
  }

  private CelConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }

  /**
   * Compiles every expression; each that does not compile (syntax, types, not a bool, too long)
   * adds a sentence to {@code problems}.
   */
  static CelConditions compile(List<String> expressions, String where, List<String> problems) {
    var compiled = new ArrayList<Condition>();
    for (int i = 0; i < expressions.size(); i++) {
      var expression = expressions.get(i);
      var name = where + ".conditions[" + i + "]";
      if (expression == null || expression.isBlank()) {
        problems.add(name + " is empty");
        continue;
      }
      try {
        var result = Engine.COMPILER.compile(expression);
        if (result.hasError()) {
          problems.add(
              name
                  + " \""
                  + expression
                  + "\" does not compile: "
                  + oneLine(result.getErrorString()));
          continue;
        }
        compiled.add(new Condition(expression, Engine.RUNTIME.createProgram(result.getAst())));
      } catch (CelValidationException | CelEvaluationException | RuntimeException e) {
        problems.add(name + " \"" + expression + "\" does not compile: " + oneLine(e.getMessage()));
      }
    }
    return new CelConditions(List.copyOf(compiled));
  }

  boolean isEmpty() {
    return conditions.isEmpty();
  }

  /** Evaluates every condition in order; the first that is not met is the outcome. */
  Outcome check(JsonNode predicate, JsonNode statement) {
    var vars = Map.<String, Object>of("predicate", value(predicate), "statement", value(statement));
    for (var condition : conditions) {
      var outcome = evaluate(condition, vars);
      if (!outcome.met()) {
        return outcome;
      }
    }
    return new Outcome(true, null);
  }

  private static Outcome evaluate(Condition condition, Map<String, Object> vars) {
    var steps = new int[1];
    Object result;
    try {
      result =
          condition
              .program()
              .trace(
                  vars,
                  (expr, value) -> {
                    if (++steps[0] > MAX_STEPS) {
                      throw new OverBudget();
                    }
                  });
    } catch (OverBudget e) {
      return notMet(condition, "ran over its budget of " + MAX_STEPS + " steps");
    } catch (CelEvaluationException | RuntimeException e) {
      // The listener's exception arrives wrapped, depending on where evaluation stopped.
      if (causedByBudget(e)) {
        return notMet(condition, "ran over its budget of " + MAX_STEPS + " steps");
      }
      return notMet(condition, "failed: " + oneLine(e.getMessage()));
    }
    if (Boolean.TRUE.equals(result)) {
      return new Outcome(true, null);
    }
    return notMet(condition, "is " + result);
  }

  private static boolean causedByBudget(Throwable e) {
    for (var cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof OverBudget) {
        return true;
      }
    }
    return false;
  }

  private static Outcome notMet(Condition condition, String why) {
    var text = condition.expression();
    var shown = text.length() <= 160 ? text : text.substring(0, 157) + "...";
    return new Outcome(false, "condition \"" + shown + "\" " + why);
  }

  /** A JSON value as CEL's Java runtime takes it. */
  static Object value(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return NullValue.NULL_VALUE;
    }
    if (node.isObject()) {
      var map = new LinkedHashMap<String, Object>();
      node.fields().forEachRemaining(e -> map.put(e.getKey(), value(e.getValue())));
      return map;
    }
    if (node.isArray()) {
      var list = new ArrayList<Object>(node.size());
      node.forEach(element -> list.add(value(element)));
      return list;
    }
    if (node.isBoolean()) {
      return node.booleanValue();
    }
    if (node.isIntegralNumber() && node.canConvertToLong()) {
      return node.longValue();
    }
    if (node.isNumber()) {
      return node.doubleValue();
    }
    return node.asText();
  }

  private static String oneLine(String text) {
    return text == null ? "no detail" : text.strip().replaceAll("\\s*\\n\\s*", " | ");
  }
}
