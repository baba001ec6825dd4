package dev.feedline.deploy;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** One Kubernetes object of a rendered manifest set, as the JSON the API server would receive. */
record KubeObject(String apiVersion, String kind, String name, JsonObject json) {

  /** {@code Kind/name}, how problems name the object. */
  String id() {
    return (kind == null ? "(no kind)" : kind) + "/" + (name == null ? "(no name)" : name);
  }

  /**
   * The objects of a multi-document YAML stream, such as {@code kubectl kustomize} prints. Values
   * keep their YAML types (an unquoted {@code 10} is a number), so a number where the API wants a
   * string is caught, as the API server would refuse it; duplicate keys are refused.
   */
  static List<KubeObject> parseAll(String yaml, String source) {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    Yaml parser = new Yaml(new SafeConstructor(options));
    List<KubeObject> objects = new ArrayList<>();
    int index = 0;
    for (Object document : parser.loadAll(yaml)) {
      index++;
      if (document == null) {
        continue;
      }
      if (!(document instanceof Map<?, ?>)) {
        throw new IllegalArgumentException(
            source + ": document " + index + " is not a YAML mapping but " + document);
      }
      JsonObject json = toJson(document).getAsJsonObject();
      JsonElement metadata = json.get("metadata");
      String name =
          metadata != null && metadata.isJsonObject()
              ? string(metadata.getAsJsonObject().get("name"))
              : null;
      objects.add(
          new KubeObject(string(json.get("apiVersion")), string(json.get("kind")), name, json));
    }
    return objects;
  }

  private static String string(JsonElement element) {
    return element != null && element.isJsonPrimitive() && element.getAsJsonPrimitive().isString()
        ? element.getAsString()
        : null;
  }

  static JsonElement toJson(Object value) {
    if (value == null) {
      return JsonNull.INSTANCE;
    }
    if (value instanceof Map<?, ?> map) {
      JsonObject object = new JsonObject();
      map.forEach((k, v) -> object.add(String.valueOf(k), toJson(v)));
      return object;
    }
    if (value instanceof List<?> list) {
      JsonArray array = new JsonArray();
      list.forEach(v -> array.add(toJson(v)));
      return array;
    }
    if (value instanceof String s) {
      return new JsonPrimitive(s);
    }
    if (value instanceof Boolean b) {
      return new JsonPrimitive(b);
    }
    if (value instanceof Number n) {
      return new JsonPrimitive(n);
    }
    if (value instanceof byte[] bytes) {
      return new JsonPrimitive(Base64.getEncoder().encodeToString(bytes));
    }
    if (value instanceof Date date) {
      return new JsonPrimitive(date.toInstant().toString());
    }
    throw new IllegalArgumentException("A YAML value of type " + value.getClass().getName());
  }
}
