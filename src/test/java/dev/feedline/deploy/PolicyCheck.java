package dev.feedline.deploy;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;
import dev.feedline.configuration.Profile;
import dev.feedline.configuration.RequiredSettings;
import io.kubernetes.client.custom.IntOrString;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1ContainerPort;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1DeploymentStrategy;
import io.kubernetes.client.openapi.models.V1EnvFromSource;
import io.kubernetes.client.openapi.models.V1EnvVar;
import io.kubernetes.client.openapi.models.V1HTTPGetAction;
import io.kubernetes.client.openapi.models.V1Ingress;
import io.kubernetes.client.openapi.models.V1IngressBackend;
import io.kubernetes.client.openapi.models.V1IngressRule;
import io.kubernetes.client.openapi.models.V1KeyToPath;
import io.kubernetes.client.openapi.models.V1LabelSelector;
import io.kubernetes.client.openapi.models.V1LabelSelectorRequirement;
import io.kubernetes.client.openapi.models.V1LifecycleHandler;
import io.kubernetes.client.openapi.models.V1PodDisruptionBudget;
import io.kubernetes.client.openapi.models.V1PodSecurityContext;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1Probe;
import io.kubernetes.client.openapi.models.V1ResourceRequirements;
import io.kubernetes.client.openapi.models.V1Secret;
import io.kubernetes.client.openapi.models.V1SecurityContext;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServicePort;
import io.kubernetes.client.openapi.models.V1Volume;
import io.kubernetes.client.openapi.models.V1VolumeMount;
import io.kubernetes.client.openapi.models.V2HorizontalPodAutoscaler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What Feedline itself needs from a manifest set, beyond a valid schema: the three health probes on
 * the HTTP port, a pinned image, resources, a locked-down container, a preStop pause and a grace
 * period that covers pause plus drain, writable volumes where Liberty writes, the production
 * profile's required settings with secrets in Secrets, several nodes with an autoscaler and a
 * disruption budget in production and exactly one node on the local profile, and a Service and an
 * Ingress that reach the pods.
 */
final class PolicyCheck {
  /** The MicroProfile Health paths each probe must use (API.md, Operations). */
  static final Map<String, String> PROBE_PATHS =
      orderedMap(
          "startupProbe", "/health/started",
          "livenessProbe", "/health/live",
          "readinessProbe", "/health/ready");

  /** Liberty's output directory in the image (WLP_OUTPUT_DIR) and its server's name. */
  static final String LIBERTY_OUTPUT = "/opt/feedline/wlp/output";

  static final String SERVER_NAME = "feedline";

  /** Where Liberty and the JVM write, and why; with a read-only root each must be a volume. */
  static final Map<String, String> LIBERTY_WRITABLE =
      Map.of(
          LIBERTY_OUTPUT,
          "Liberty writes its logs, workarea and expanded application there",
          "/tmp",
          "the JVM and Liberty write temporary files there");

  /** The profile the image runs when FEEDLINE_PROFILE is not set. */
  static final String IMAGE_PROFILE = Profile.PRODUCTION;

  /** Seconds Liberty needs to stop after the drain, on top of the preStop pause and the drain. */
  static final int STOP_MARGIN_SECONDS = 10;

  /** The server starts in 8-15 s on two cores; the startup probe must allow this long. */
  static final int STARTUP_BUDGET_SECONDS = 120;

  /** Settings that carry a password whatever their name says. */
  static final Set<String> SECRET_SETTINGS = Set.of("FEEDLINE_BUS_REDIS_URL");

  private static final Pattern SH_SLEEP = Pattern.compile("\\s*(?:exec\\s+)?sleep\\s+(\\d+)\\s*");

  /** Reads the models without the client's own validation, which SchemaCheck already ran. */
  private static final Gson GSON =
      new GsonBuilder()
          .registerTypeAdapter(byte[].class, new Base64Adapter())
          .registerTypeAdapter(OffsetDateTime.class, new DateTimeAdapter())
          .create();

  private final List<Problem> problems = new ArrayList<>();
  private final Map<String, String> defaults;
  private final Map<String, V1Deployment> deployments = new LinkedHashMap<>();
  private final Map<String, V1Service> services = new LinkedHashMap<>();
  private final Map<String, V1Ingress> ingresses = new LinkedHashMap<>();
  private final Map<String, V2HorizontalPodAutoscaler> autoscalers = new LinkedHashMap<>();
  private final Map<String, V1PodDisruptionBudget> budgets = new LinkedHashMap<>();
  private final Map<String, V1ConfigMap> configMaps = new LinkedHashMap<>();
  private final Map<String, V1Secret> secrets = new LinkedHashMap<>();
  private final Map<String, Integer> httpPorts = new LinkedHashMap<>();

  private PolicyCheck(List<KubeObject> objects) {
    this.defaults = applicationDefaults();
    for (KubeObject object : objects) {
      Class<?> model = SchemaCheck.MODELS.get(object.apiVersion() + "/" + object.kind());
      if (model == null || object.name() == null) {
        continue; // SchemaCheck reports it
      }
      Object typed;
      try {
        typed = GSON.fromJson(object.json(), model);
      } catch (RuntimeException e) {
        continue; // a value of the wrong type: SchemaCheck reports it
      }
      switch (object.kind()) {
        case "Deployment" -> deployments.put(object.name(), (V1Deployment) typed);
        case "Service" -> services.put(object.name(), (V1Service) typed);
        case "Ingress" -> ingresses.put(object.name(), (V1Ingress) typed);
        case "HorizontalPodAutoscaler" ->
            autoscalers.put(object.name(), (V2HorizontalPodAutoscaler) typed);
        case "PodDisruptionBudget" -> budgets.put(object.name(), (V1PodDisruptionBudget) typed);
        case "ConfigMap" -> configMaps.put(object.name(), (V1ConfigMap) typed);
        case "Secret" -> secrets.put(object.name(), (V1Secret) typed);
        default -> throw new IllegalStateException("No policy for the kind " + object.kind());
      }
    }
  }

  /** Everything this set gets wrong for Feedline; empty when it is fit to deploy. */
  static List<Problem> check(List<KubeObject> objects) {
    PolicyCheck check = new PolicyCheck(objects);
    if (check.deployments.isEmpty()) {
      check.problems.add(new Problem("(the set)", "", "no Deployment: nothing runs Feedline"));
    }
    check.deployments.forEach(check::deployment);
    check.services.forEach(check::service);
    check.ingresses.forEach(check::ingress);
    check.autoscalers.forEach(check::autoscaler);
    check.budgets.forEach(check::budget);
    return check.problems;
  }

  // ---------------------------------------------------------------------------------- Deployment

  private void deployment(String name, V1Deployment deployment) {
    String id = "Deployment/" + name;
    if (deployment.getSpec() == null || deployment.getSpec().getTemplate() == null) {
      return; // SchemaCheck reports the missing spec or template
    }
    Map<String, String> podLabels = podLabels(deployment);
    V1LabelSelector selector = deployment.getSpec().getSelector();
    if (selector != null && !selects(selector, podLabels)) {
      problem(id, "spec.selector", "does not select the pod template's labels " + podLabels);
    }
    V1PodSpec pod = deployment.getSpec().getTemplate().getSpec();
    if (pod == null || pod.getContainers() == null || pod.getContainers().isEmpty()) {
      return;
    }
    String profile = IMAGE_PROFILE;
    for (int i = 0; i < pod.getContainers().size(); i++) {
      String at = "spec.template.spec.containers[" + i + "]";
      V1Container container = pod.getContainers().get(i);
      Map<String, Setting> env = env(id, at, container);
      profile = setting(env, "feedline.profile").map(Setting::value).orElse(IMAGE_PROFILE);
      int httpPort = httpPort(id, at, env);
      httpPorts.put(name + "/" + container.getName(), httpPort);
      image(id, at, container);
      ports(id, at, container, httpPort);
      probes(id, at, container, httpPort);
      resources(id, at, container.getResources());
      securityContext(id, at, container.getSecurityContext(), pod.getSecurityContext());
      stopping(id, at, container, pod, env);
      writable(id, at, container, pod, env, profile);
      secretsInSecrets(id, at, env);
      requiredSettings(id, at, env, profile);
    }
    switch (profile) {
      case Profile.PRODUCTION -> production(id, name, deployment, podLabels);
      case Profile.LOCAL -> local(id, name, deployment);
      default ->
          problem(
              id,
              "spec.template.spec.containers",
              "FEEDLINE_PROFILE is " + profile + ", neither local nor production");
    }
  }

  private void image(String id, String at, V1Container container) {
    String image = container.getImage();
    if (image == null || image.isBlank()) {
      problem(id, at + ".image", "missing: which image runs is left to chance");
      return;
    }
    if (image.contains("@sha256:")) {
      return;
    }
    int slash = image.lastIndexOf('/');
    int colon = image.lastIndexOf(':');
    String tag = colon > slash ? image.substring(colon + 1) : "";
    if (tag.isEmpty() || tag.equals("latest")) {
      problem(
          id,
          at + ".image",
          image
              + " is not pinned ("
              + (tag.isEmpty() ? "no tag means latest" : "latest moves")
              + "): use a version tag or a digest");
    }
  }

  private void ports(String id, String at, V1Container container, int httpPort) {
    boolean declared =
        list(container.getPorts()).stream()
            .anyMatch(p -> Objects.equals(p.getContainerPort(), httpPort));
    if (!declared) {
      problem(
          id, at + ".ports", "no containerPort " + httpPort + ", the HTTP port Liberty listens on");
    }
  }

  private void probes(String id, String at, V1Container container, int httpPort) {
    Map<String, V1Probe> probes =
        orderedMap(
            "startupProbe", container.getStartupProbe(),
            "livenessProbe", container.getLivenessProbe(),
            "readinessProbe", container.getReadinessProbe());
    probes.forEach(
        (kind, probe) -> {
          String path = PROBE_PATHS.get(kind);
          String where = at + "." + kind;
          if (probe == null) {
            problem(id, where, "missing: it must be an httpGet on " + path);
            return;
          }
          V1HTTPGetAction get = probe.getHttpGet();
          if (get == null) {
            problem(id, where, "not an httpGet: it must be an httpGet on " + path);
            return;
          }
          if (!path.equals(get.getPath())) {
            problem(id, where + ".httpGet.path", "is " + get.getPath() + ", must be " + path);
          }
          Integer port = containerPort(container, get.getPort());
          if (port == null || port != httpPort) {
            problem(
                id,
                where + ".httpGet.port",
                "is " + describe(get.getPort()) + ", not the HTTP port " + httpPort);
          }
        });
    V1Probe startup = container.getStartupProbe();
    if (startup != null) {
      int budget =
          orDefault(startup.getInitialDelaySeconds(), 0)
              + orDefault(startup.getFailureThreshold(), 3)
                  * orDefault(startup.getPeriodSeconds(), 10);
      if (budget < STARTUP_BUDGET_SECONDS) {
        problem(
            id,
            at + ".startupProbe",
            "allows "
                + budget
                + " s to start (initialDelaySeconds + failureThreshold x periodSeconds); allow "
                + STARTUP_BUDGET_SECONDS
                + " s, the server takes up to 15 s on two cores and longer on a busy node");
      }
    }
  }

  private void resources(String id, String at, V1ResourceRequirements resources) {
    for (String kind : List.of("requests", "limits")) {
      Map<String, ?> values =
          resources == null
              ? Map.of()
              : kind.equals("requests") ? map(resources.getRequests()) : map(resources.getLimits());
      for (String resource : List.of("cpu", "memory")) {
        if (!values.containsKey(resource)) {
          problem(id, at + ".resources." + kind + "." + resource, "missing");
        }
      }
    }
  }

  private void securityContext(
      String id, String at, V1SecurityContext container, V1PodSecurityContext pod) {
    String where = at + ".securityContext";
    Boolean nonRoot = container == null ? null : container.getRunAsNonRoot();
    if (nonRoot == null && pod != null) {
      nonRoot = pod.getRunAsNonRoot();
    }
    if (!Boolean.TRUE.equals(nonRoot)) {
      problem(id, where + ".runAsNonRoot", "must be true (here or in the pod's securityContext)");
    }
    if (container == null || !Boolean.FALSE.equals(container.getAllowPrivilegeEscalation())) {
      problem(id, where + ".allowPrivilegeEscalation", "must be false");
    }
    if (container == null || !Boolean.TRUE.equals(container.getReadOnlyRootFilesystem())) {
      problem(id, where + ".readOnlyRootFilesystem", "must be true");
    }
    boolean dropsAll =
        container != null
            && container.getCapabilities() != null
            && list(container.getCapabilities().getDrop()).contains("ALL");
    if (!dropsAll) {
      problem(id, where + ".capabilities.drop", "must drop ALL");
    }
  }

  /** preStop pause, drain and Liberty's stop must all fit in the grace period. */
  private void stopping(
      String id, String at, V1Container container, V1PodSpec pod, Map<String, Setting> env) {
    V1LifecycleHandler preStop =
        container.getLifecycle() == null ? null : container.getLifecycle().getPreStop();
    if (preStop == null) {
      problem(
          id,
          at + ".lifecycle.preStop",
          "missing: without a pause before SIGTERM the Service and the Ingress still send new"
              + " streams to a node that is draining");
      return;
    }
    Integer pause = sleepSeconds(preStop);
    if (pause == null) {
      problem(
          id,
          at + ".lifecycle.preStop",
          "not a plain sleep (exec [\"sleep\", \"5\"] or sleep.seconds), so the grace period"
              + " cannot be checked against it");
      return;
    }
    String drainValue =
        setting(env, "feedline.stream.drain-seconds")
            .map(Setting::value)
            .orElse(defaults.get("feedline.stream.drain-seconds"));
    int drain;
    try {
      drain = Integer.parseInt(drainValue.strip());
    } catch (RuntimeException e) {
      problem(
          id,
          at + ".env",
          "FEEDLINE_STREAM_DRAIN_SECONDS is " + drainValue + ", not a whole number of seconds");
      return;
    }
    int grace = orDefault(pod.getTerminationGracePeriodSeconds(), 30L).intValue();
    int needed = pause + drain + STOP_MARGIN_SECONDS;
    if (grace <= needed) {
      problem(
          id,
          "spec.template.spec.terminationGracePeriodSeconds",
          grace
              + " s is too short: preStop sleep "
              + pause
              + " s + drain "
              + drain
              + " s (FEEDLINE_STREAM_DRAIN_SECONDS) + "
              + STOP_MARGIN_SECONDS
              + " s for Liberty to stop = "
              + needed
              + " s; the pod is killed when it runs out");
    }
  }

  private static Integer sleepSeconds(V1LifecycleHandler handler) {
    if (handler.getSleep() != null && handler.getSleep().getSeconds() != null) {
      return handler.getSleep().getSeconds().intValue();
    }
    if (handler.getExec() == null) {
      return null;
    }
    List<String> command = list(handler.getExec().getCommand());
    if (command.size() == 2
        && (command.get(0).equals("sleep") || command.get(0).endsWith("/sleep"))) {
      return parse(command.get(1));
    }
    if (command.size() == 3 && command.get(0).endsWith("sh") && command.get(1).equals("-c")) {
      Matcher matcher = SH_SLEEP.matcher(command.get(2));
      return matcher.matches() ? parse(matcher.group(1)) : null;
    }
    return null;
  }

  /** Every path Liberty, the JVM and the local profile write to is a writable volume. */
  private void writable(
      String id,
      String at,
      V1Container container,
      V1PodSpec pod,
      Map<String, Setting> env,
      String profile) {
    Map<String, V1Volume> volumes = volumes(pod);
    Map<String, String> paths = new java.util.TreeMap<>(LIBERTY_WRITABLE);
    if (profile.equals(Profile.LOCAL)) {
      paths.put(
          setting(env, "feedline.data-dir")
              .map(Setting::value)
              .orElse(LIBERTY_OUTPUT + "/" + SERVER_NAME + "/data"),
          "the local profile keeps its H2 database and signing key there (FEEDLINE_DATA_DIR)");
    }
    for (Map.Entry<String, String> writable : paths.entrySet()) {
      String path = writable.getKey();
      V1VolumeMount mount = mountOf(container, path);
      if (mount == null) {
        problem(
            id,
            at + ".volumeMounts",
            "nothing is mounted at "
                + path
                + ": "
                + writable.getValue()
                + ", and the root is read-only");
        continue;
      }
      V1Volume volume = volumes.get(mount.getName());
      boolean writableVolume =
          volume != null
              && (volume.getEmptyDir() != null
                  || volume.getPersistentVolumeClaim() != null
                  || volume.getEphemeral() != null);
      if (Boolean.TRUE.equals(mount.getReadOnly()) || !writableVolume) {
        problem(
            id,
            at + ".volumeMounts",
            path
                + " is on volume "
                + mount.getName()
                + ", which is not writable (use an emptyDir)");
      }
    }
    setting(env, "mp.jwt.verify.publickey.location")
        .map(Setting::value)
        .filter(location -> !location.isBlank())
        .ifPresent(location -> keyFile(id, at, container, volumes, location));
  }

  /** The token verification key file is in a mounted ConfigMap or Secret that holds it. */
  private void keyFile(
      String id, String at, V1Container container, Map<String, V1Volume> volumes, String location) {
    String path = location.replaceFirst("^file:(//)?", "");
    V1VolumeMount mount = mountOf(container, path);
    if (mount == null) {
      problem(
          id,
          at + ".volumeMounts",
          "nothing is mounted at " + path + " (MP_JWT_VERIFY_PUBLICKEY_LOCATION)");
      return;
    }
    String file = path.substring(mount.getMountPath().replaceFirst("/$", "").length() + 1);
    V1Volume volume = volumes.get(mount.getName());
    Set<String> keys;
    List<V1KeyToPath> items;
    String source;
    if (volume != null && volume.getConfigMap() != null) {
      V1ConfigMap configMap = configMaps.get(volume.getConfigMap().getName());
      source = "ConfigMap " + volume.getConfigMap().getName();
      keys = configMap == null ? Set.of() : keys(configMap.getData(), configMap.getBinaryData());
      items = volume.getConfigMap().getItems();
    } else if (volume != null && volume.getSecret() != null) {
      V1Secret secret = secrets.get(volume.getSecret().getSecretName());
      source = "Secret " + volume.getSecret().getSecretName();
      keys = secret == null ? Set.of() : keys(secret.getData(), secret.getStringData());
      items = volume.getSecret().getItems();
    } else {
      return; // another kind of volume: its content is not in the set
    }
    boolean present =
        list(items).isEmpty()
            ? keys.contains(file)
            : list(items).stream()
                .anyMatch(item -> file.equals(item.getPath()) && keys.contains(item.getKey()));
    if (!present) {
      problem(
          id,
          at + ".volumeMounts",
          source + " mounted at " + mount.getMountPath() + " has no " + file + " for " + location);
    }
  }

  /** Passwords (and URLs that may carry one) come from a Secret, never a literal or ConfigMap. */
  private void secretsInSecrets(String id, String at, Map<String, Setting> env) {
    env.forEach(
        (name, setting) -> {
          boolean secret =
              SECRET_SETTINGS.contains(name) || name.toUpperCase(Locale.ROOT).contains("PASSWORD");
          if (secret && !setting.source().startsWith("Secret")) {
            problem(
                id,
                at + ".env",
                name + " comes from " + setting.source() + ": it belongs in a Secret");
          }
        });
  }

  /** The production profile refuses to start without these; the app's own list says which. */
  private void requiredSettings(String id, String at, Map<String, Setting> env, String profile) {
    for (String missing :
        RequiredSettings.problems(
            profile, key -> setting(env, key).map(Setting::value).filter(v -> !v.isBlank()))) {
      problem(id, at + ".env", "the " + profile + " profile needs " + missing);
    }
  }

  private void production(
      String id, String name, V1Deployment deployment, Map<String, String> podLabels) {
    List<V2HorizontalPodAutoscaler> scalers = autoscalersOf(name);
    Integer replicas = deployment.getSpec().getReplicas();
    if (scalers.isEmpty()) {
      problem(id, "", "production runs several nodes: no HorizontalPodAutoscaler scales it");
      if (orDefault(replicas, 1) < 2) {
        problem(id, "spec.replicas", orDefault(replicas, 1) + ": production needs at least 2");
      }
    } else if (replicas != null) {
      problem(
          id,
          "spec.replicas",
          "is set while a HorizontalPodAutoscaler scales it: each apply would reset the count;"
              + " leave it to the autoscaler's minReplicas");
    }
    for (V2HorizontalPodAutoscaler scaler : scalers) {
      int min = orDefault(scaler.getSpec().getMinReplicas(), 1);
      if (min < 2) {
        problem(
            "HorizontalPodAutoscaler/" + scaler.getMetadata().getName(),
            "spec.minReplicas",
            min + ": production needs at least 2 nodes");
      }
    }
    if (budgets.values().stream().noneMatch(b -> selects(b.getSpec().getSelector(), podLabels))) {
      problem(id, "", "no PodDisruptionBudget selects its pods " + podLabels);
    }
    V1DeploymentStrategy strategy = deployment.getSpec().getStrategy();
    String type =
        strategy == null || strategy.getType() == null ? "RollingUpdate" : strategy.getType();
    IntOrString maxUnavailable =
        strategy == null || strategy.getRollingUpdate() == null
            ? null
            : strategy.getRollingUpdate().getMaxUnavailable();
    if (!type.equals("RollingUpdate")) {
      problem(id, "spec.strategy.type", type + " stops every node at once; use RollingUpdate");
    } else if (!isZero(maxUnavailable)) {
      problem(
          id,
          "spec.strategy.rollingUpdate.maxUnavailable",
          (maxUnavailable == null ? "25% (the default)" : describe(maxUnavailable))
              + ": must be 0, so an old node stops only when a new one is ready");
    }
  }

  private void local(String id, String name, V1Deployment deployment) {
    int replicas = orDefault(deployment.getSpec().getReplicas(), 1);
    if (replicas != 1) {
      problem(
          id,
          "spec.replicas",
          replicas
              + ": the local profile's H2 store and in-process bus belong to one node; exactly 1");
    }
    for (V2HorizontalPodAutoscaler scaler : autoscalersOf(name)) {
      if (orDefault(scaler.getSpec().getMaxReplicas(), 1) > 1) {
        problem(
            "HorizontalPodAutoscaler/" + scaler.getMetadata().getName(),
            "spec.maxReplicas",
            scaler.getSpec().getMaxReplicas()
                + ": scales a local-profile node, which must stay one");
      }
    }
  }

  // ------------------------------------------------------------------------------------- Service

  private void service(String name, V1Service service) {
    String id = "Service/" + name;
    Map<String, String> selector =
        service.getSpec() == null ? null : service.getSpec().getSelector();
    if (selector == null || selector.isEmpty()) {
      problem(id, "spec.selector", "missing: the Service would reach no pod");
      return;
    }
    List<V1Deployment> targets =
        deployments.values().stream()
            .filter(d -> podLabels(d).entrySet().containsAll(selector.entrySet()))
            .toList();
    if (targets.isEmpty()) {
      problem(id, "spec.selector", selector + " selects the pods of no Deployment in the set");
      return;
    }
    List<V1ServicePort> ports = list(service.getSpec().getPorts());
    for (int i = 0; i < ports.size(); i++) {
      V1ServicePort port = ports.get(i);
      IntOrString target =
          port.getTargetPort() == null ? new IntOrString(port.getPort()) : port.getTargetPort();
      for (V1Deployment deployment : targets) {
        boolean reaches = false;
        Integer httpPort = null;
        for (V1Container container : deployment.getSpec().getTemplate().getSpec().getContainers()) {
          httpPort =
              httpPorts.getOrDefault(
                  deployment.getMetadata().getName() + "/" + container.getName(), 9080);
          reaches |= Objects.equals(containerPort(container, target), httpPort);
        }
        if (!reaches) {
          problem(
              id,
              "spec.ports[" + i + "].targetPort",
              describe(target)
                  + " does not reach the HTTP port "
                  + httpPort
                  + " of Deployment/"
                  + deployment.getMetadata().getName());
        }
      }
    }
  }

  // ------------------------------------------------------------------------------------- Ingress

  private void ingress(String name, V1Ingress ingress) {
    String id = "Ingress/" + name;
    if (ingress.getSpec() == null) {
      return;
    }
    if (ingress.getSpec().getDefaultBackend() != null) {
      backend(id, "spec.defaultBackend", ingress.getSpec().getDefaultBackend());
    }
    List<V1IngressRule> rules = list(ingress.getSpec().getRules());
    for (int r = 0; r < rules.size(); r++) {
      if (rules.get(r).getHttp() == null) {
        continue;
      }
      var paths = list(rules.get(r).getHttp().getPaths());
      for (int p = 0; p < paths.size(); p++) {
        backend(
            id, "spec.rules[" + r + "].http.paths[" + p + "].backend", paths.get(p).getBackend());
      }
    }
    Map<String, String> annotations =
        ingress.getMetadata().getAnnotations() == null
            ? Map.of()
            : ingress.getMetadata().getAnnotations();
    boolean nginx =
        "nginx".equals(ingress.getSpec().getIngressClassName())
            || "nginx".equals(annotations.get("kubernetes.io/ingress.class"));
    if (!nginx) {
      return;
    }
    int ping = Integer.parseInt(defaults.get("feedline.stream.ping-interval-seconds"));
    for (String timeout : List.of("proxy-read-timeout", "proxy-send-timeout")) {
      String key = "nginx.ingress.kubernetes.io/" + timeout;
      Integer seconds = parse(annotations.get(key));
      if (seconds == null || seconds < 2 * ping) {
        problem(
            id,
            SchemaCheck.child("metadata.annotations", key),
            (seconds == null ? "not set" : seconds + " s")
                + ": streams are idle between pings (every "
                + ping
                + " s); set it well above that, such as \"3600\"");
      }
    }
    String buffering = "nginx.ingress.kubernetes.io/proxy-buffering";
    if (!"off".equals(annotations.get(buffering))) {
      problem(
          id,
          SchemaCheck.child("metadata.annotations", buffering),
          "must be \"off\": buffered SSE events would reach clients late");
    }
  }

  private void backend(String id, String at, V1IngressBackend backend) {
    if (backend.getService() == null) {
      problem(id, at, "not a Service backend");
      return;
    }
    String serviceName = backend.getService().getName();
    V1Service service = services.get(serviceName);
    if (service == null) {
      problem(id, at + ".service.name", "Service/" + serviceName + " is not in the set");
      return;
    }
    var port = backend.getService().getPort();
    List<V1ServicePort> ports = list(service.getSpec().getPorts());
    boolean found =
        port != null
            && ports.stream()
                .anyMatch(
                    p ->
                        port.getName() != null
                            ? port.getName().equals(p.getName())
                            : Objects.equals(port.getNumber(), p.getPort()));
    if (!found) {
      problem(
          id,
          at + ".service.port",
          (port == null
                  ? "missing"
                  : port.getName() != null
                      ? "name " + port.getName()
                      : "number " + port.getNumber())
              + ": Service/"
              + serviceName
              + " has no such port");
    }
  }

  // --------------------------------------------------------------------- autoscalers and budgets

  private void autoscaler(String name, V2HorizontalPodAutoscaler scaler) {
    var target = scaler.getSpec() == null ? null : scaler.getSpec().getScaleTargetRef();
    if (target == null) {
      return;
    }
    if (!"Deployment".equals(target.getKind())
        || !"apps/v1".equals(target.getApiVersion())
        || !deployments.containsKey(target.getName())) {
      problem(
          "HorizontalPodAutoscaler/" + name,
          "spec.scaleTargetRef",
          target.getApiVersion()
              + " "
              + target.getKind()
              + "/"
              + target.getName()
              + " is not a Deployment in the set");
    }
  }

  private void budget(String name, V1PodDisruptionBudget budget) {
    String id = "PodDisruptionBudget/" + name;
    if (budget.getSpec() == null) {
      return;
    }
    if (deployments.values().stream()
        .noneMatch(d -> selects(budget.getSpec().getSelector(), podLabels(d)))) {
      problem(id, "spec.selector", "selects the pods of no Deployment in the set");
    }
    if (isZero(budget.getSpec().getMaxUnavailable())) {
      problem(id, "spec.maxUnavailable", "0 blocks every node drain and cluster upgrade");
    }
  }

  // --------------------------------------------------------------------------------- environment

  /** A setting's value (null when it cannot be known from the set) and where it comes from. */
  record Setting(String value, String source) {}

  /** The container's environment as the kubelet builds it: envFrom in order, then env over it. */
  private Map<String, Setting> env(String id, String at, V1Container container) {
    Map<String, Setting> env = new LinkedHashMap<>();
    List<V1EnvFromSource> sources = list(container.getEnvFrom());
    for (int i = 0; i < sources.size(); i++) {
      V1EnvFromSource source = sources.get(i);
      String prefix = source.getPrefix() == null ? "" : source.getPrefix();
      if (source.getConfigMapRef() != null) {
        String name = source.getConfigMapRef().getName();
        V1ConfigMap configMap = configMaps.get(name);
        if (configMap == null) {
          missingReference(
              id,
              at + ".envFrom[" + i + "]",
              "ConfigMap",
              name,
              source.getConfigMapRef().getOptional());
          continue;
        }
        map(configMap.getData())
            .forEach((k, v) -> env.put(prefix + k, new Setting(v, "ConfigMap " + name)));
      } else if (source.getSecretRef() != null) {
        String name = source.getSecretRef().getName();
        V1Secret secret = secrets.get(name);
        if (secret == null) {
          missingReference(
              id, at + ".envFrom[" + i + "]", "Secret", name, source.getSecretRef().getOptional());
          continue;
        }
        secretData(secret).forEach((k, v) -> env.put(prefix + k, new Setting(v, "Secret " + name)));
      }
    }
    List<V1EnvVar> vars = list(container.getEnv());
    for (int i = 0; i < vars.size(); i++) {
      V1EnvVar variable = vars.get(i);
      String where = at + ".env[" + i + "]";
      if (variable.getValueFrom() == null) {
        env.put(
            variable.getName(),
            new Setting(Objects.toString(variable.getValue(), ""), "a literal value"));
      } else if (variable.getValueFrom().getConfigMapKeyRef() != null) {
        var ref = variable.getValueFrom().getConfigMapKeyRef();
        V1ConfigMap configMap = configMaps.get(ref.getName());
        if (configMap == null) {
          missingReference(id, where, "ConfigMap", ref.getName(), ref.getOptional());
          continue;
        }
        env.put(
            variable.getName(),
            new Setting(map(configMap.getData()).get(ref.getKey()), "ConfigMap " + ref.getName()));
      } else if (variable.getValueFrom().getSecretKeyRef() != null) {
        var ref = variable.getValueFrom().getSecretKeyRef();
        V1Secret secret = secrets.get(ref.getName());
        if (secret == null) {
          missingReference(id, where, "Secret", ref.getName(), ref.getOptional());
          continue;
        }
        env.put(
            variable.getName(),
            new Setting(secretData(secret).get(ref.getKey()), "Secret " + ref.getName()));
      } else {
        env.put(variable.getName(), new Setting(null, "the pod's own fields"));
      }
    }
    return env;
  }

  private void missingReference(String id, String at, String kind, String name, Boolean optional) {
    if (!Boolean.TRUE.equals(optional)) {
      problem(id, at, kind + "/" + name + " is not in the set: the pod would not start");
    }
  }

  /**
   * A MicroProfile Config key's value in this environment, found the way MicroProfile Config and
   * Liberty look up environment variables: the key, then non-alphanumerics as {@code _}, then that
   * in upper case.
   */
  static Optional<Setting> setting(Map<String, Setting> env, String key) {
    String sanitized = key.replaceAll("[^A-Za-z0-9]", "_");
    for (String name : List.of(key, sanitized, sanitized.toUpperCase(Locale.ROOT))) {
      Setting setting = env.get(name);
      if (setting != null && setting.value() != null) {
        return Optional.of(setting);
      }
    }
    return Optional.empty();
  }

  private int httpPort(String id, String at, Map<String, Setting> env) {
    String value = setting(env, "http.port").map(Setting::value).orElse("9080");
    Integer port = parse(value);
    if (port == null) {
      problem(id, at + ".env", "HTTP_PORT is " + value + ", not a port number");
      return 9080;
    }
    return port;
  }

  // ------------------------------------------------------------------------------------- helpers

  private List<V2HorizontalPodAutoscaler> autoscalersOf(String deployment) {
    return autoscalers.values().stream()
        .filter(
            a ->
                a.getSpec() != null
                    && a.getSpec().getScaleTargetRef() != null
                    && "Deployment".equals(a.getSpec().getScaleTargetRef().getKind())
                    && deployment.equals(a.getSpec().getScaleTargetRef().getName()))
        .toList();
  }

  private static Map<String, String> podLabels(V1Deployment deployment) {
    var template = deployment.getSpec() == null ? null : deployment.getSpec().getTemplate();
    return template == null || template.getMetadata() == null
        ? Map.of()
        : map(template.getMetadata().getLabels());
  }

  /** Whether a label selector selects pods with these labels. */
  static boolean selects(V1LabelSelector selector, Map<String, String> labels) {
    if (selector == null) {
      return false;
    }
    Map<String, String> match = map(selector.getMatchLabels());
    List<V1LabelSelectorRequirement> expressions = list(selector.getMatchExpressions());
    if (match.isEmpty() && expressions.isEmpty()) {
      return false; // an empty selector selects everything in the namespace: never what we want
    }
    if (!labels.entrySet().containsAll(match.entrySet())) {
      return false;
    }
    for (V1LabelSelectorRequirement requirement : expressions) {
      String value = labels.get(requirement.getKey());
      List<String> values = list(requirement.getValues());
      boolean ok =
          switch (requirement.getOperator()) {
            case "In" -> value != null && values.contains(value);
            case "NotIn" -> value == null || !values.contains(value);
            case "Exists" -> value != null;
            case "DoesNotExist" -> value == null;
            default -> false;
          };
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private static Integer containerPort(V1Container container, IntOrString port) {
    if (port == null) {
      return null;
    }
    if (port.isInteger()) {
      return port.getIntValue();
    }
    return list(container.getPorts()).stream()
        .filter(p -> port.getStrValue().equals(p.getName()))
        .map(V1ContainerPort::getContainerPort)
        .findFirst()
        .orElse(null);
  }

  private static V1VolumeMount mountOf(V1Container container, String path) {
    V1VolumeMount best = null;
    for (V1VolumeMount mount : list(container.getVolumeMounts())) {
      String mountPath = mount.getMountPath().replaceFirst("/$", "");
      boolean covers = path.equals(mountPath) || path.startsWith(mountPath + "/");
      if (covers && (best == null || mountPath.length() > best.getMountPath().length())) {
        best = mount;
      }
    }
    return best;
  }

  private static Map<String, V1Volume> volumes(V1PodSpec pod) {
    Map<String, V1Volume> volumes = new LinkedHashMap<>();
    list(pod.getVolumes()).forEach(v -> volumes.put(v.getName(), v));
    return volumes;
  }

  private static Map<String, String> secretData(V1Secret secret) {
    Map<String, String> data = new LinkedHashMap<>();
    map(secret.getData()).forEach((k, v) -> data.put(k, new String(v, StandardCharsets.UTF_8)));
    data.putAll(map(secret.getStringData()));
    return data;
  }

  private static Set<String> keys(Map<String, ?> first, Map<String, ?> second) {
    Set<String> keys = new java.util.HashSet<>(map(first).keySet());
    keys.addAll(map(second).keySet());
    return keys;
  }

  private static boolean isZero(IntOrString value) {
    return value != null
        && (value.isInteger() ? value.getIntValue() == 0 : value.getStrValue().equals("0%"));
  }

  private static String describe(IntOrString value) {
    return value == null
        ? "missing"
        : value.isInteger() ? "" + value.getIntValue() : value.getStrValue();
  }

  private static Integer parse(String value) {
    try {
      return value == null ? null : Integer.valueOf(value.strip());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static <T> T orDefault(T value, T fallback) {
    return value == null ? fallback : value;
  }

  private static <T> List<T> list(List<T> list) {
    return list == null ? List.of() : list;
  }

  private static <K, V> Map<K, V> map(Map<K, V> map) {
    return map == null ? Map.of() : map;
  }

  private static <V> Map<String, V> orderedMap(String k1, V v1, String k2, V v2, String k3, V v3) {
    Map<String, V> map = new LinkedHashMap<>();
    map.put(k1, v1);
    map.put(k2, v2);
    map.put(k3, v3);
    return map;
  }

  private void problem(String object, String path, String message) {
    problems.add(new Problem(object, path, message));
  }

  /** The defaults of every feedline.* setting, from the application's own properties file. */
  static Map<String, String> applicationDefaults() {
    Properties properties = new Properties();
    try (InputStream in =
        PolicyCheck.class
            .getClassLoader()
            .getResourceAsStream("META-INF/microprofile-config.properties")) {
      if (in == null) {
        throw new IllegalStateException("META-INF/microprofile-config.properties is not built");
      }
      properties.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, String> defaults = new LinkedHashMap<>();
    properties.stringPropertyNames().forEach(k -> defaults.put(k, properties.getProperty(k)));
    return defaults;
  }

  private static final class Base64Adapter extends TypeAdapter<byte[]> {
    @Override
    public void write(JsonWriter out, byte[] value) throws IOException {
      out.value(Base64.getEncoder().encodeToString(value));
    }

    @Override
    public byte[] read(JsonReader in) throws IOException {
      if (in.peek() == JsonToken.NULL) {
        in.nextNull();
        return null;
      }
      return Base64.getDecoder().decode(in.nextString());
    }
  }

  private static final class DateTimeAdapter extends TypeAdapter<OffsetDateTime> {
    @Override
    public void write(JsonWriter out, OffsetDateTime value) throws IOException {
      out.value(value.toString());
    }

    @Override
    public OffsetDateTime read(JsonReader in) throws IOException {
      if (in.peek() == JsonToken.NULL) {
        in.nextNull();
        return null;
      }
      return OffsetDateTime.parse(in.nextString());
    }
  }
}
