package dev.feedline.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.feedline.health.FeedlineLivenessCheck;
import dev.feedline.health.FeedlineReadinessCheck;
import dev.feedline.health.FeedlineStartupCheck;
import io.kubernetes.client.openapi.JSON;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1PodDisruptionBudget;
import io.kubernetes.client.openapi.models.V1Secret;
import io.kubernetes.client.openapi.models.V2HorizontalPodAutoscaler;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;
import org.eclipse.microprofile.health.Startup;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Kubernetes manifests in k8s/: each overlay renders with {@code kubectl kustomize} without a
 * warning, every rendered object is valid against the Kubernetes API schema ({@link SchemaCheck}),
 * and the set gives Feedline what it needs ({@link PolicyCheck}). Broken sets under
 * src/test/resources/manifests show that each check rejects what it should, naming the object, the
 * path and the problem.
 */
class ManifestsTest {
  private static final Path K8S = basedir().resolve("k8s");
  private static final Map<String, Kubectl.Rendered> RENDERED = new ConcurrentHashMap<>();

  /** The overlays as kubectl renders them. */
  @Nested
  class Overlays {
    @ParameterizedTest
    @ValueSource(strings = {"overlays/dev", "overlays/prod", "base"})
    void renderWithoutWarnings(String directory) throws Exception {
      Kubectl.Rendered rendered = render(directory);
      assertEquals(
          "", rendered.warnings().strip(), "kubectl kustomize k8s/" + directory + " warns");
      assertFalse(objects(directory).isEmpty(), "k8s/" + directory + " renders nothing");
    }

    @ParameterizedTest
    @ValueSource(strings = {"overlays/dev", "overlays/prod", "base"})
    void matchTheKubernetesSchema(String directory) throws Exception {
      List<Problem> problems = new ArrayList<>();
      objects(directory).forEach(o -> problems.addAll(SchemaCheck.check(o)));
      assertNoProblems("k8s/" + directory, problems);
    }

    @ParameterizedTest
    @ValueSource(strings = {"overlays/dev", "overlays/prod"})
    void giveFeedlineWhatItNeeds(String overlay) throws Exception {
      assertNoProblems("k8s/" + overlay, PolicyCheck.check(objects(overlay)));
    }

    @Test
    void devRunsOneLocalProfileNodeWithItsDataOnAVolume() throws Exception {
      List<KubeObject> dev = objects("overlays/dev");
      V1Deployment deployment = only(dev, "Deployment", V1Deployment.class);
      assertEquals(1, deployment.getSpec().getReplicas());
      assertEquals(List.of(), kinds(dev, "HorizontalPodAutoscaler"), "dev must not autoscale");
      assertEquals(List.of(), kinds(dev, "Secret"), "dev needs no secret");
      Map<String, String> config = configMapData(dev, "feedline-config");
      assertEquals("local", config.get("FEEDLINE_PROFILE"));
      String dataDir = config.get("FEEDLINE_DATA_DIR");
      assertTrue(
          deployment
              .getSpec()
              .getTemplate()
              .getSpec()
              .getContainers()
              .get(0)
              .getVolumeMounts()
              .stream()
              .anyMatch(m -> m.getMountPath().equals(dataDir)),
          "FEEDLINE_DATA_DIR " + dataDir + " is a volume of its own");
    }

    @Test
    void prodRunsThreeToTenProductionNodesThatDrainOneAtATime() throws Exception {
      List<KubeObject> prod = objects("overlays/prod");
      V1Deployment deployment = only(prod, "Deployment", V1Deployment.class);
      V2HorizontalPodAutoscaler scaler =
          only(prod, "HorizontalPodAutoscaler", V2HorizontalPodAutoscaler.class);
      assertEquals(3, scaler.getSpec().getMinReplicas());
      assertEquals(10, scaler.getSpec().getMaxReplicas());
      assertEquals("cpu", scaler.getSpec().getMetrics().get(0).getResource().getName());
      assertEquals(
          deployment.getMetadata().getName(), scaler.getSpec().getScaleTargetRef().getName());
      assertNull(deployment.getSpec().getReplicas(), "the autoscaler owns the replica count");
      V1PodDisruptionBudget budget = only(prod, "PodDisruptionBudget", V1PodDisruptionBudget.class);
      assertEquals(1, budget.getSpec().getMaxUnavailable().getIntValue());
      var rollingUpdate = deployment.getSpec().getStrategy().getRollingUpdate();
      assertEquals(0, rollingUpdate.getMaxUnavailable().getIntValue());
      assertEquals(1, rollingUpdate.getMaxSurge().getIntValue());
      assertEquals("production", configMapData(prod, "feedline-config").get("FEEDLINE_PROFILE"));
      assertEquals("json", configMapData(prod, "feedline-config").get("FEEDLINE_LOG_FORMAT"));
    }

    @Test
    void prodSecretHoldsPlaceholdersOnly() throws Exception {
      V1Secret secret = only(objects("overlays/prod"), "Secret", V1Secret.class);
      assertEquals(
          List.of("FEEDLINE_BUS_REDIS_URL", "FEEDLINE_STORE_PASSWORD"),
          secret.getData().keySet().stream().sorted().toList());
      secret
          .getData()
          .forEach(
              (key, value) ->
                  assertTrue(
                      new String(value, StandardCharsets.UTF_8).contains("change-me"),
                      key + " in k8s/overlays/prod/secrets.env must stay a change-me placeholder"));
    }
  }

  /** The checks themselves, on fixed sets that need no kubectl. */
  @Nested
  class Checks {
    @Test
    void acceptAValidProductionSet() {
      List<KubeObject> valid = fixture("valid.yaml");
      List<Problem> problems = new ArrayList<>();
      valid.forEach(o -> problems.addAll(SchemaCheck.check(o)));
      problems.addAll(PolicyCheck.check(valid));
      assertNoProblems("valid.yaml", problems);
      assertEquals(
          SchemaCheck.MODELS.keySet(),
          valid.stream().map(o -> o.apiVersion() + "/" + o.kind()).collect(Collectors.toSet()),
          "valid.yaml holds every kind the manifests use");
    }

    @Test
    void schemaRejectsEachMistakeAtItsPath() {
      List<Problem> problems = new ArrayList<>();
      fixture("broken-schema.yaml").forEach(o -> problems.addAll(SchemaCheck.check(o)));
      assertExactly(
          problems,
          expect(
              "Deployment/unknown-field-in-container",
              "spec.template.spec.containers[0].resource",
              "unknown field: V1Container has no field resource (did you mean resources?)"),
          expect(
              "Deployment/unknown-field-deep-in-probe",
              "spec.template.spec.containers[0].readinessProbe.httpGet.paht",
              "unknown field: V1HTTPGetAction has no field paht (did you mean path?)"),
          expect("Deployment/string-for-int", "spec.replicas", "expected an integer, got a string"),
          expect(
              "Deployment/without-selector",
              "spec.selector",
              "missing required field of V1DeploymentSpec"),
          expect(
              "Deployment/bad-quantity",
              "spec.template.spec.containers[0].resources.limits.memory",
              "\"1GB\" is not a quantity"),
          expect(
              "ConfigMap/number-for-string",
              "data.FEEDLINE_STREAM_DRAIN_SECONDS",
              "expected a string, got a number (10)"),
          expect("Secret/plain-text-in-data", "data.FEEDLINE_STORE_PASSWORD", "not base64"),
          expect("Service/object-for-list", "spec.ports", "expected a list, got an object"),
          expect(
              "Deploymnet/misspelt-kind", "", "kind Deploymnet is not a kind these manifests use"),
          expect(
              "Ingress/removed-api-version",
              "",
              "apiVersion extensions/v1beta1 kind Ingress is not a kind"),
          expect("ConfigMap/(no name)", "metadata.name", "missing"),
          expect(
              "Deployment/number-in-env-value",
              "spec.template.spec.containers[0].env[0].value",
              "expected a string, got a number (10)"),
          expect(
              "Deployment/string-for-boolean",
              "spec.template.spec.containers[0].securityContext.readOnlyRootFilesystem",
              "expected true or false, got a string (\"true\")"));
    }

    @Test
    void policyRejectsEachMistakeOfAProductionSet() {
      String deployment = "Deployment/feedline";
      String container = "spec.template.spec.containers[0]";
      assertExactly(
          PolicyCheck.check(fixture("broken-policy.yaml")),
          expect(deployment, container + ".image", "feedline:latest is not pinned"),
          expect(deployment, container + ".startupProbe", "allows 15 s to start"),
          expect(
              deployment,
              container + ".livenessProbe.httpGet.path",
              "is /health, must be /health/live"),
          expect(
              deployment,
              container + ".readinessProbe",
              "missing: it must be an httpGet on /health/ready"),
          expect(deployment, container + ".resources.limits.cpu", "missing"),
          expect(deployment, container + ".resources.limits.memory", "missing"),
          expect(
              deployment,
              "spec.template.spec.terminationGracePeriodSeconds",
              "30 s is too short: preStop sleep 5 s + drain 30 s"),
          expect(deployment, container + ".volumeMounts", "nothing is mounted at /tmp: the JVM"),
          expect(
              deployment,
              container + ".volumeMounts",
              "ConfigMap feedline-jwt mounted at /etc/feedline/jwt has no publickey.pem"),
          expect(
              deployment,
              container + ".env",
              "FEEDLINE_STORE_PASSWORD comes from ConfigMap feedline-config: it belongs in a Secret"),
          expect(
              deployment,
              container + ".env",
              "the production profile needs feedline.bus.redis-url (FEEDLINE_BUS_REDIS_URL)"),
          expect(deployment, "spec.replicas", "is set while a HorizontalPodAutoscaler scales it"),
          expect(deployment, "", "no PodDisruptionBudget selects its pods"),
          expect(deployment, "spec.strategy.rollingUpdate.maxUnavailable", "1: must be 0"),
          expect(
              "Service/feedline",
              "spec.ports[0].targetPort",
              "8080 does not reach the HTTP port 9080"),
          expect(
              "Ingress/feedline",
              "spec.rules[0].http.paths[0].backend.service.port",
              "name web: Service/feedline has no such port"),
          expect(
              "Ingress/feedline",
              "metadata.annotations[\"nginx.ingress.kubernetes.io/proxy-send-timeout\"]",
              "not set"),
          expect(
              "Ingress/feedline",
              "metadata.annotations[\"nginx.ingress.kubernetes.io/proxy-buffering\"]",
              "must be \"off\""),
          expect(
              "HorizontalPodAutoscaler/feedline",
              "spec.minReplicas",
              "1: production needs at least 2"),
          expect(
              "PodDisruptionBudget/feedline",
              "spec.selector",
              "selects the pods of no Deployment"));
    }

    @Test
    void policyRejectsEachMistakeOfALocalProfileSet() {
      String deployment = "Deployment/feedline";
      String container = "spec.template.spec.containers[0]";
      assertExactly(
          PolicyCheck.check(fixture("broken-local.yaml")),
          expect(deployment, container + ".image", "feedline is not pinned (no tag means latest)"),
          expect(
              deployment,
              container + ".readinessProbe.httpGet.port",
              "is 9443, not the HTTP port 9080"),
          expect(deployment, container + ".securityContext.runAsNonRoot", "must be true"),
          expect(deployment, container + ".securityContext.readOnlyRootFilesystem", "must be true"),
          expect(
              deployment,
              container + ".lifecycle.preStop",
              "missing: without a pause before SIGTERM"),
          expect(
              deployment, container + ".volumeMounts", "nothing is mounted at /var/lib/feedline"),
          expect(
              deployment,
              container + ".env",
              "FEEDLINE_STORE_PASSWORD comes from a literal value: it belongs in a Secret"),
          expect(deployment, "spec.replicas", "2: the local profile's H2 store and in-process bus"),
          expect(
              "HorizontalPodAutoscaler/feedline",
              "spec.maxReplicas",
              "3: scales a local-profile node"),
          expect(
              "Service/feedline", "spec.selector", "selects the pods of no Deployment in the set"),
          expect(
              "HorizontalPodAutoscaler/feedline-old",
              "spec.scaleTargetRef",
              "apps/v1 Deployment/feedline-old is not a Deployment in the set"));
    }

    @Test
    void theClientModelsAlsoRejectUnknownFieldsDeepInAnObject() {
      // SchemaCheck's second opinion relies on validateJsonElement recursing into nested objects.
      JsonObject deployment = json(fixture("valid.yaml"), "Deployment");
      JsonObject container =
          deployment
              .getAsJsonObject("spec")
              .getAsJsonObject("template")
              .getAsJsonObject("spec")
              .getAsJsonArray("containers")
              .get(0)
              .getAsJsonObject();
      container
          .getAsJsonObject("readinessProbe")
          .getAsJsonObject("httpGet")
          .addProperty("paht", "/");
      IllegalArgumentException refused =
          assertThrows(
              IllegalArgumentException.class, () -> V1Deployment.validateJsonElement(deployment));
      assertTrue(refused.getMessage().contains("`paht`"), refused.getMessage());
      assertThrows(
          RuntimeException.class, () -> JSON.getGson().fromJson(deployment, V1Deployment.class));
    }

    @Test
    void theSchemaWalkHasARuleForEveryFieldTypeOfEveryKind() {
      SchemaCheck.MODELS.forEach(
          (kind, model) ->
              assertEquals(List.of(), SchemaCheck.typesWithoutRule(model), kind + " has types"));
    }

    @Test
    void theProbePathsAreTheApplicationsOwnHealthChecks() {
      // /health/started, /live and /ready are MicroProfile Health's paths; the application has a
      // check behind each.
      assertEquals(
          Map.of(
              "startupProbe", "/health/started",
              "livenessProbe", "/health/live",
              "readinessProbe", "/health/ready"),
          PolicyCheck.PROBE_PATHS);
      assertTrue(FeedlineStartupCheck.class.isAnnotationPresent(Startup.class));
      assertTrue(FeedlineLivenessCheck.class.isAnnotationPresent(Liveness.class));
      assertTrue(FeedlineReadinessCheck.class.isAnnotationPresent(Readiness.class));
    }
  }

  // ------------------------------------------------------------------------------------- helpers

  private static Kubectl.Rendered render(String directory) throws Exception {
    Kubectl.Rendered rendered = RENDERED.get(directory);
    if (rendered == null) {
      rendered = Kubectl.kustomize(K8S.resolve(directory));
      RENDERED.put(directory, rendered);
    }
    return rendered;
  }

  private static List<KubeObject> objects(String directory) throws Exception {
    return KubeObject.parseAll(render(directory).manifests(), "k8s/" + directory);
  }

  private static List<KubeObject> fixture(String name) {
    try (InputStream in = ManifestsTest.class.getResourceAsStream("/manifests/" + name)) {
      if (in == null) {
        throw new IllegalStateException("No fixture manifests/" + name);
      }
      return KubeObject.parseAll(new String(in.readAllBytes(), StandardCharsets.UTF_8), name);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<KubeObject> kinds(List<KubeObject> objects, String kind) {
    return objects.stream().filter(o -> kind.equals(o.kind())).toList();
  }

  private static JsonObject json(List<KubeObject> objects, String kind) {
    List<KubeObject> found = kinds(objects, kind);
    assertEquals(1, found.size(), "one " + kind);
    return JsonParser.parseString(found.get(0).json().toString()).getAsJsonObject();
  }

  private static <T> T only(List<KubeObject> objects, String kind, Class<T> model) {
    return JSON.getGson().fromJson(json(objects, kind), model);
  }

  private static Map<String, String> configMapData(List<KubeObject> objects, String prefix) {
    List<KubeObject> found =
        kinds(objects, "ConfigMap").stream()
            .filter(o -> o.name().startsWith(prefix + "-"))
            .toList();
    assertEquals(1, found.size(), "one ConfigMap " + prefix);
    return found.get(0).json().getAsJsonObject("data").entrySet().stream()
        .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().getAsString()));
  }

  private static void assertNoProblems(String what, List<Problem> problems) {
    if (!problems.isEmpty()) {
      fail(
          what
              + " has "
              + problems.size()
              + " problem(s):\n  "
              + problems.stream().map(Problem::toString).collect(Collectors.joining("\n  ")));
    }
  }

  /** A problem expected on this object at this path, whose message contains this text. */
  private record Expected(String object, String path, String text) {
    boolean matches(Problem problem) {
      return problem.object().equals(object)
          && problem.path().equals(path)
          && problem.message().contains(text);
    }

    @Override
    public String toString() {
      return object + (path.isEmpty() ? "" : ": " + path) + ": ..." + text + "...";
    }
  }

  private static Expected expect(String object, String path, String text) {
    return new Expected(object, path, text);
  }

  /** Each expected problem is reported once, and nothing else is. */
  private static void assertExactly(List<Problem> problems, Expected... expected) {
    List<Problem> unmatched = new ArrayList<>(problems);
    List<Expected> missing = new ArrayList<>();
    for (Expected e : expected) {
      Problem match = unmatched.stream().filter(e::matches).findFirst().orElse(null);
      if (match == null) {
        missing.add(e);
      } else {
        unmatched.remove(match);
      }
    }
    if (!missing.isEmpty() || !unmatched.isEmpty()) {
      fail(
          "Not reported:\n  "
              + missing.stream().map(Expected::toString).collect(Collectors.joining("\n  "))
              + "\nReported but not expected:\n  "
              + unmatched.stream().map(Problem::toString).collect(Collectors.joining("\n  "))
              + "\nAll reported:\n  "
              + problems.stream().map(Problem::toString).collect(Collectors.joining("\n  ")));
    }
  }

  private static Path basedir() {
    return Path.of(System.getProperty("basedir", "")).toAbsolutePath();
  }
}
