package dev.feedline.deploy;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.google.gson.annotations.SerializedName;
import io.kubernetes.client.custom.IntOrString;
import io.kubernetes.client.custom.Quantity;
import io.kubernetes.client.openapi.JSON;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1Ingress;
import io.kubernetes.client.openapi.models.V1PodDisruptionBudget;
import io.kubernetes.client.openapi.models.V1Secret;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V2HorizontalPodAutoscaler;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Validates each object strictly against the Kubernetes API schema, as the generated models of the
 * official Java client (Kubernetes 1.32) describe it: a field the schema does not define, a value
 * of the wrong type, a missing required field or an unknown apiVersion and kind are each a {@link
 * Problem} with the JSON path where it is.
 *
 * <p>The walk is this class's own, over the models' field lists ({@code openapiFields}, {@code
 * openapiRequiredFields}) and field types, because the models' {@code validateJsonElement} stops at
 * the first problem, names no path, and lets a number stand where a string belongs (the API server
 * refuses {@code value: 10} in an env var). Once the walk finds nothing, the model's own {@code
 * validateJsonElement} and a deserialization run as a second opinion.
 */
final class SchemaCheck {
  /** The kinds these manifests may use, by {@code apiVersion/kind}; any other fails the check. */
  static final Map<String, Class<?>> MODELS =
      Map.of(
          "v1/ConfigMap", V1ConfigMap.class,
          "v1/Secret", V1Secret.class,
          "v1/Service", V1Service.class,
          "apps/v1/Deployment", V1Deployment.class,
          "networking.k8s.io/v1/Ingress", V1Ingress.class,
          "autoscaling/v2/HorizontalPodAutoscaler", V2HorizontalPodAutoscaler.class,
          "policy/v1/PodDisruptionBudget", V1PodDisruptionBudget.class);

  private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z0-9_-]+");
  private static final Map<Class<?>, Map<String, Field>> FIELDS = new ConcurrentHashMap<>();

  private final String object;
  private final List<Problem> problems = new ArrayList<>();

  private SchemaCheck(String object) {
    this.object = object;
  }

  /**
   * Everything wrong with this object's schema; empty when the API server would accept its shape.
   */
  static List<Problem> check(KubeObject kubeObject) {
    SchemaCheck check = new SchemaCheck(kubeObject.id());
    Class<?> model = MODELS.get(kubeObject.apiVersion() + "/" + kubeObject.kind());
    if (model == null) {
      check.problem(
          "",
          "apiVersion "
              + kubeObject.apiVersion()
              + " kind "
              + kubeObject.kind()
              + " is not a kind these manifests use ("
              + new TreeSet<>(MODELS.keySet())
              + "): a misspelt kind, an old apiVersion, or a new kind to add to SchemaCheck.MODELS");
      return check.problems;
    }
    check.walk(model, kubeObject.json(), "");
    if (kubeObject.name() == null || kubeObject.name().isBlank()) {
      check.problem("metadata.name", "missing: every object needs a name");
    }
    if (check.problems.isEmpty()) {
      check.secondOpinion(model, kubeObject.json());
    }
    return check.problems;
  }

  /**
   * Whether {@link #walk} has a rule for every type reachable from this model; the types it has no
   * rule for, with the field that holds them.
   */
  static List<String> typesWithoutRule(Class<?> model) {
    List<String> missing = new ArrayList<>();
    typesWithoutRule(model, model.getSimpleName(), new java.util.HashSet<>(), missing);
    return missing;
  }

  private static void typesWithoutRule(
      Type type, String where, Set<Class<?>> seen, List<String> missing) {
    if (type instanceof ParameterizedType parameterized) {
      Class<?> raw = (Class<?>) parameterized.getRawType();
      if (raw == List.class) {
        typesWithoutRule(parameterized.getActualTypeArguments()[0], where + "[]", seen, missing);
      } else if (raw == Map.class) {
        typesWithoutRule(parameterized.getActualTypeArguments()[1], where + "{}", seen, missing);
      } else {
        missing.add(where + ": " + type);
      }
      return;
    }
    Class<?> raw = (Class<?>) type;
    if (isScalar(raw)) {
      return;
    }
    if (!isModel(raw)) {
      missing.add(where + ": " + raw.getName());
      return;
    }
    if (seen.add(raw)) {
      fields(raw)
          .forEach(
              (name, field) ->
                  typesWithoutRule(field.getGenericType(), where + "." + name, seen, missing));
    }
  }

  private void walk(Type type, JsonElement value, String path) {
    if (value == null || value.isJsonNull()) {
      return; // null is how YAML writes "unset"; a required field that is null is reported above
    }
    if (type instanceof ParameterizedType parameterized) {
      Class<?> raw = (Class<?>) parameterized.getRawType();
      Type[] arguments = parameterized.getActualTypeArguments();
      if (raw == List.class) {
        if (!value.isJsonArray()) {
          problem(path, "expected a list, got " + describe(value));
          return;
        }
        for (int i = 0; i < value.getAsJsonArray().size(); i++) {
          walk(arguments[0], value.getAsJsonArray().get(i), path + "[" + i + "]");
        }
      } else if (raw == Map.class) {
        if (!value.isJsonObject()) {
          problem(path, "expected a map, got " + describe(value));
          return;
        }
        value
            .getAsJsonObject()
            .entrySet()
            .forEach(e -> walk(arguments[1], e.getValue(), child(path, e.getKey())));
      } else {
        problem(path, "SchemaCheck has no rule for the type " + type);
      }
      return;
    }
    Class<?> raw = (Class<?>) type;
    if (isModel(raw)) {
      walkModel(raw, value, path);
    } else if (raw == String.class || raw == OffsetDateTime.class) {
      expect(isString(value), value, path, "a string");
    } else if (raw == Integer.class || raw == Long.class) {
      expect(isInteger(value, raw == Integer.class), value, path, "an integer");
    } else if (raw == Double.class || raw == Float.class || raw == BigDecimal.class) {
      expect(
          value.isJsonPrimitive() && value.getAsJsonPrimitive().isNumber(),
          value,
          path,
          "a number");
    } else if (raw == Boolean.class) {
      expect(
          value.isJsonPrimitive() && value.getAsJsonPrimitive().isBoolean(),
          value,
          path,
          "true or false");
    } else if (raw == byte[].class) {
      if (expect(isString(value), value, path, "a base64 string")) {
        try {
          Base64.getDecoder().decode(value.getAsString());
        } catch (IllegalArgumentException e) {
          problem(path, "not base64 (Secret data is base64; plain text goes in stringData)");
        }
      }
    } else if (raw == IntOrString.class) {
      expect(isString(value) || isInteger(value, true), value, path, "an integer or a string");
    } else if (raw == Quantity.class) {
      boolean number = value.isJsonPrimitive() && value.getAsJsonPrimitive().isNumber();
      if (expect(isString(value) || number, value, path, "a quantity")) {
        try {
          Quantity.fromString(value.getAsString());
        } catch (RuntimeException e) {
          problem(
              path,
              "\"" + value.getAsString() + "\" is not a quantity (such as 500m, 2, 1Gi, 512Mi)");
        }
      }
    } else if (raw != Object.class) {
      problem(path, "SchemaCheck has no rule for the type " + raw.getName());
    }
  }

  private void walkModel(Class<?> model, JsonElement value, String path) {
    if (!value.isJsonObject()) {
      problem(path, "expected an object (" + model.getSimpleName() + "), got " + describe(value));
      return;
    }
    JsonObject json = value.getAsJsonObject();
    Set<String> known = staticSet(model, "openapiFields");
    Map<String, Field> fields = fields(model);
    for (Map.Entry<String, JsonElement> entry : json.entrySet()) {
      String key = entry.getKey();
      String at = child(path, key);
      Field field = fields.get(key);
      if (!known.contains(key) || field == null) {
        problem(
            at,
            "unknown field: " + model.getSimpleName() + " has no field " + key + hint(key, known));
      } else {
        walk(field.getGenericType(), entry.getValue(), at);
      }
    }
    for (String required : new TreeSet<>(staticSet(model, "openapiRequiredFields"))) {
      if (!json.has(required) || json.get(required).isJsonNull()) {
        problem(child(path, required), "missing required field of " + model.getSimpleName());
      }
    }
  }

  private void secondOpinion(Class<?> model, JsonObject json) {
    try {
      model.getMethod("validateJsonElement", JsonElement.class).invoke(null, json);
      JSON.getGson().fromJson(json, model);
    } catch (InvocationTargetException e) {
      problem("", model.getSimpleName() + " refuses it: " + e.getCause().getMessage());
    } catch (ReflectiveOperationException | RuntimeException e) {
      problem("", model.getSimpleName() + " refuses it: " + e);
    }
  }

  private boolean expect(boolean ok, JsonElement value, String path, String what) {
    if (!ok) {
      problem(path, "expected " + what + ", got " + describe(value));
    }
    return ok;
  }

  private void problem(String path, String message) {
    problems.add(new Problem(object, path, message));
  }

  static boolean isModel(Class<?> type) {
    try {
      type.getField("openapiFields");
      return true;
    } catch (NoSuchFieldException e) {
      return false;
    }
  }

  private static boolean isScalar(Class<?> type) {
    return type == String.class
        || type == OffsetDateTime.class
        || type == Integer.class
        || type == Long.class
        || type == Double.class
        || type == Float.class
        || type == BigDecimal.class
        || type == Boolean.class
        || type == byte[].class
        || type == IntOrString.class
        || type == Quantity.class
        || type == Object.class;
  }

  /** The model's fields by their JSON names. */
  static Map<String, Field> fields(Class<?> model) {
    return FIELDS.computeIfAbsent(
        model,
        m -> {
          Map<String, Field> byName = new LinkedHashMap<>();
          for (Class<?> c = m; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field field : c.getDeclaredFields()) {
              SerializedName name = field.getAnnotation(SerializedName.class);
              if (name != null) {
                byName.putIfAbsent(name.value(), field);
              }
            }
          }
          return byName;
        });
  }

  @SuppressWarnings("unchecked")
  private static Set<String> staticSet(Class<?> model, String name) {
    try {
      return (Set<String>) model.getField(name).get(null);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(model + " has no " + name, e);
    }
  }

  private static boolean isString(JsonElement value) {
    return value.isJsonPrimitive() && value.getAsJsonPrimitive().isString();
  }

  private static boolean isInteger(JsonElement value, boolean int32) {
    if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isNumber()) {
      return false;
    }
    BigDecimal number = value.getAsBigDecimal();
    if (number.stripTrailingZeros().scale() > 0) {
      return false;
    }
    BigDecimal min = BigDecimal.valueOf(int32 ? Integer.MIN_VALUE : Long.MIN_VALUE);
    BigDecimal max = BigDecimal.valueOf(int32 ? Integer.MAX_VALUE : Long.MAX_VALUE);
    return number.compareTo(min) >= 0 && number.compareTo(max) <= 0;
  }

  private static String describe(JsonElement value) {
    if (value.isJsonArray()) {
      return "a list";
    }
    if (value.isJsonObject()) {
      return "an object";
    }
    JsonPrimitive primitive = value.getAsJsonPrimitive();
    if (primitive.isString()) {
      return "a string (\"" + primitive.getAsString() + "\")";
    }
    if (primitive.isBoolean()) {
      return "a boolean (" + primitive.getAsBoolean() + ")";
    }
    return "a number (" + primitive.getAsString() + ")";
  }

  static String child(String path, String key) {
    String step = PLAIN_KEY.matcher(key).matches() ? key : "[\"" + key + "\"]";
    if (path.isEmpty()) {
      return step;
    }
    return step.startsWith("[") ? path + step : path + "." + step;
  }

  /** A known field that differs only in case, or by a letter or two: the likely intended one. */
  private static String hint(String key, Set<String> known) {
    String best = null;
    int bestDistance = 3;
    for (String candidate : new TreeSet<>(known)) {
      int distance =
          candidate.equalsIgnoreCase(key)
              ? 0
              : distance(candidate.toLowerCase(Locale.ROOT), key.toLowerCase(Locale.ROOT));
      if (distance < bestDistance) {
        best = candidate;
        bestDistance = distance;
      }
    }
    return best == null ? "" : " (did you mean " + best + "?)";
  }

  private static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
