package dev.alicloud.ipam.kubeapi.admission;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Evaluates a CRD's {@code x-kubernetes-validations} rules with Google's CEL for Java: {@code self} (and
 * {@code oldSelf} for transition rules) bound to JSON values the way Kubernetes binds them. Its {@code matches()} is
 * RE2 (re2j), as in Kubernetes: {@code $} is the end of the text. Compiled programs are kept per rule.
 */
public final class CelRules {

  private static final CelCompiler COMPILER = CelCompilerFactory.standardCelCompilerBuilder()
      .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
      .addVar("self", SimpleType.DYN)
      .addVar("oldSelf", SimpleType.DYN)
      .setResultType(SimpleType.BOOL)
      .build();
  private static final CelRuntime RUNTIME = CelRuntimeFactory.standardCelRuntimeBuilder().build();
  private static final Map<String, CelRuntime.Program> PROGRAMS = new ConcurrentHashMap<>();

  private CelRules() {
  }

  /** Whether a rule refers to {@code oldSelf}: such a rule runs only on updates, where the old value exists. */
  public static boolean isTransitionRule(String expression) {
    return expression.contains("oldSelf");
  }

  /**
   * Evaluates one rule; the rule must compile, as a CRD with a rule that does not is refused by the API server.
   *
   * @param oldSelf the old value, or null on a create
   * @throws IllegalStateException when the rule does not compile or evaluate
   */
  public static boolean evaluate(String expression, JsonNode self, JsonNode oldSelf) {
    try {
      CelRuntime.Program program = PROGRAMS.computeIfAbsent(expression, CelRules::compile);
      Map<String, Object> vars = new LinkedHashMap<>();
      vars.put("self", toCel(self));
      if (oldSelf != null) {
        vars.put("oldSelf", toCel(oldSelf));
      }
      return Boolean.TRUE.equals(program.eval(vars));
    } catch (Exception e) {
      throw new IllegalStateException("CEL rule failed to evaluate: " + expression + ": " + e.getMessage(), e);
    }
  }

  private static CelRuntime.Program compile(String expression) {
    try {
      return RUNTIME.createProgram(COMPILER.compile(expression).getAst());
    } catch (Exception e) {
      throw new IllegalStateException("CEL rule does not compile: " + expression + ": " + e.getMessage(), e);
    }
  }

  /** A JSON value as CEL sees it: maps, lists, int64, double, bool and strings; JSON nulls are absent fields. */
  public static Object toCel(JsonNode node) {
    if (node.isObject()) {
      Map<String, Object> map = new LinkedHashMap<>();
      node.fields().forEachRemaining(f -> {
        if (!f.getValue().isNull()) {
          map.put(f.getKey(), toCel(f.getValue()));
        }
      });
      return map;
    }
    if (node.isArray()) {
      List<Object> list = new ArrayList<>();
      node.forEach(n -> list.add(toCel(n)));
      return list;
    }
    if (node.isIntegralNumber()) {
      return node.asLong();
    }
    if (node.isNumber()) {
      return node.asDouble();
    }
    if (node.isBoolean()) {
      return node.asBoolean();
    }
    return node.asText();
  }
}
