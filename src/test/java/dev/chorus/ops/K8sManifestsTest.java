package dev.chorus.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.chorus.module.ChorusModule;
import dev.chorus.router.RouteTable;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The deployment files, checked offline: the kustomize overlays render ({@code kubectl kustomize})
 * and every object validates against the Kubernetes API types ({@code k8s/validate}, npm {@code
 * kubernetes-models}); the pods run non-root on a read-only root filesystem with probes on the
 * health endpoints and resources set; names and selectors refer to what exists; the image's
 * Dockerfile starts from a pinned base, runs as an unprivileged user and copies only paths that the
 * build produces.
 */
class K8sManifestsTest {

  private static final Path K8S = Path.of("k8s");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final List<String> OVERLAYS =
      List.of("base", "overlays/single", "overlays/scaled");

  @Test
  void theConfigMapCarriesTheShippedConfiguration() throws IOException {
    for (String file : List.of("cluster.yaml", "routes.yaml")) {
      assertEquals(
          Files.readString(Path.of("conf", file)),
          Files.readString(K8S.resolve("base/conf").resolve(file)),
          "k8s/base/conf/" + file + " must equal conf/" + file + " (copy it over)");
    }
  }

  @Test
  void everyOverlayRendersAndValidatesAgainstTheKubernetesTypes() throws Exception {
    Assumptions.assumeTrue(onPath("kubectl"), "kubectl (its built-in kustomize) is not installed");
    Assumptions.assumeTrue(onPath("node") && onPath("npm"), "node and npm are not installed");
    Path validator = K8S.resolve("validate");
    if (!Files.isDirectory(validator.resolve("node_modules/kubernetes-models"))) {
      Result install =
          run(validator.toFile(), 300, "npm", "ci", "--no-audit", "--no-fund", "--loglevel=error");
      assertEquals(0, install.code, "npm ci in k8s/validate failed:\n" + install.output);
    }
    for (String overlay : OVERLAYS) {
      List<JsonNode> objects = render(overlay);
      Path rendered = Files.createTempFile("chorus-" + overlay.replace('/', '-'), ".yaml");
      try {
        Files.writeString(rendered, kustomize(overlay));
        Result result =
            run(
                validator.toFile(),
                60,
                "node",
                "validate.mjs",
                rendered.toAbsolutePath().toString());
        String last = result.output.strip().lines().reduce((a, b) -> b).orElse("");
        assertEquals(0, result.code, overlay + ":\n" + result.output);
        assertEquals(objects.size() + " passed, 0 failed", last, overlay + ":\n" + result.output);
      } finally {
        Files.deleteIfExists(rendered);
      }
      checkReferences(overlay, objects);
    }
  }

  @Test
  void theSingleOverlayIsOnePodWithEveryRoleAndTheScaledOneScalesEveryGroup() throws Exception {
    Assumptions.assumeTrue(onPath("kubectl"), "kubectl (its built-in kustomize) is not installed");
    List<JsonNode> single = render("overlays/single");
    List<JsonNode> deployments = ofKind(single, "Deployment");
    assertEquals(1, deployments.size());
    assertEquals(1, deployments.get(0).at("/spec/replicas").asInt());
    assertEquals("all", env(container(deployments.get(0)), "CHORUS_ROLES"));
    assertEquals(0, ofKind(single, "HorizontalPodAutoscaler").size());
    assertEquals(0, ofKind(single, "PodDisruptionBudget").size());
    for (JsonNode d : ofKind(render("overlays/scaled"), "Deployment")) {
      assertTrue(d.at("/spec/replicas").asInt() >= 2, d.at("/metadata/name") + " is scaled");
    }
  }

  @Test
  void thePodsRunNonRootOnAReadOnlyRootWithProbesAndResources() throws IOException {
    List<JsonNode> base = baseFiles();
    List<JsonNode> deployments = ofKind(base, "Deployment");
    assertEquals(4, deployments.size(), "gateway, stages, knowledge, interactions");
    Set<String> roles = knownRoles();
    for (JsonNode d : deployments) {
      String name = d.at("/metadata/name").asText();
      JsonNode pod = d.at("/spec/template/spec");
      JsonNode c = container(d);
      assertTrue(pod.at("/securityContext/runAsNonRoot").asBoolean(), name + " runAsNonRoot");
      assertTrue(pod.at("/securityContext/runAsUser").asInt() > 0, name + " runAsUser");
      assertTrue(c.at("/securityContext/readOnlyRootFilesystem").asBoolean(), name + " read-only");
      assertFalse(c.at("/securityContext/allowPrivilegeEscalation").asBoolean(true), name);
      assertEquals("ALL", c.at("/securityContext/capabilities/drop/0").asText(), name);
      assertEquals("/health/live", c.at("/livenessProbe/httpGet/path").asText(), name);
      assertEquals("/health/ready", c.at("/readinessProbe/httpGet/path").asText(), name);
      assertEquals("/health/live", c.at("/startupProbe/httpGet/path").asText(), name);
      for (String r : List.of("requests", "limits")) {
        for (String what : List.of("cpu", "memory")) {
          assertFalse(c.at("/resources/" + r + "/" + what).isMissingNode(), name + " " + r);
        }
      }
      Set<String> mounts = new HashSet<>();
      c.path("volumeMounts").forEach(m -> mounts.add(m.path("mountPath").asText()));
      assertEquals(Set.of("/app/conf", "/tmp", "/data"), mounts, name + ": writable mounts");
      long stopMs =
          shutdownEnv("CHORUS_SHUTDOWN_NOT_READY_MS", 0)
              + shutdownEnv("CHORUS_SHUTDOWN_DRAIN_MS", 10_000);
      assertTrue(
          pod.path("terminationGracePeriodSeconds").asInt() * 1000L > stopMs + 10_000,
          name + ": the grace period exceeds shutdown.notReadyMs + shutdown.drainMs + 10 s");
      for (String role : env(c, "CHORUS_ROLES").split(",")) {
        assertTrue(roles.contains(role), name + " runs unknown role " + role);
      }
      assertEquals("true", env(c, "CHORUS_CLUSTER_KUBERNETES"), name);
      assertEquals("$(POD_IP)", env(c, "CHORUS_CLUSTER_HOST"), name + ": binds the pod IP");
    }
    JsonNode headless = named(ofKind(base, "Service"), "chorus-hazelcast");
    assertEquals("None", headless.at("/spec/clusterIP").asText());
    assertTrue(headless.at("/spec/publishNotReadyAddresses").asBoolean());
    for (JsonNode secret : ofKind(base, "Secret")) {
      secret
          .path("stringData")
          .properties()
          .forEach(e -> assertEquals("", e.getValue().asText(), "no secret value: " + e.getKey()));
    }
    JsonNode policy = ofKind(base, "NetworkPolicy").get(0);
    Set<Integer> ports = new HashSet<>();
    policy
        .at("/spec/ingress")
        .forEach(rule -> rule.path("ports").forEach(p -> ports.add(p.path("port").asInt())));
    assertEquals(Set.of(5701, 5801, 8080), ports);
  }

  /**
   * Cluster traffic is restricted to the Chorus pods (decision 093): the cluster ports are admitted
   * from pods with the Chorus label only, HTTP from anywhere (the ingress), nothing else; egress is
   * the cluster ports to Chorus pods, DNS, PostgreSQL, Redis and HTTPS (providers, Kubernetes API).
   */
  @Test
  void theNetworkPolicyAdmitsTheClusterPortsFromChorusPodsOnly() throws IOException {
    List<JsonNode> base = baseFiles();
    List<JsonNode> policies = ofKind(base, "NetworkPolicy");
    assertEquals(1, policies.size());
    JsonNode spec = policies.get(0).path("spec");
    JsonNode selected = spec.at("/podSelector/matchLabels");
    for (JsonNode d : ofKind(base, "Deployment")) {
      assertEquals(
          selected,
          selectorSubset(selected, d.at("/spec/template/metadata/labels")),
          d.at("/metadata/name") + " is covered by the policy");
    }
    Set<String> types = new HashSet<>();
    spec.path("policyTypes").forEach(t -> types.add(t.asText()));
    assertEquals(Set.of("Ingress", "Egress"), types);
    Set<Integer> cluster = Set.of(5701, 5801);
    Set<Integer> fromAnywhere = new HashSet<>();
    for (JsonNode rule : spec.path("ingress")) {
      Set<Integer> ports = new HashSet<>();
      rule.path("ports").forEach(p -> ports.add(p.path("port").asInt()));
      assertFalse(ports.isEmpty(), "an ingress rule without ports admits every port: " + rule);
      if (!rule.has("from")) {
        fromAnywhere.addAll(ports);
        continue;
      }
      for (JsonNode peer : rule.path("from")) {
        assertEquals(
            selected,
            peer.at("/podSelector/matchLabels"),
            "cluster ports are admitted from Chorus pods only: " + peer);
        assertFalse(peer.has("ipBlock") || peer.has("namespaceSelector"), peer.toString());
      }
    }
    assertEquals(Set.of(8080), fromAnywhere, "only HTTP is open to everyone");
    Set<Integer> egress = new HashSet<>();
    for (JsonNode rule : spec.path("egress")) {
      Set<Integer> ports = new HashSet<>();
      rule.path("ports").forEach(p -> ports.add(p.path("port").asInt()));
      assertFalse(ports.isEmpty(), "an egress rule without ports allows every port: " + rule);
      if (ports.stream().anyMatch(cluster::contains)) {
        assertEquals(cluster, ports, "cluster ports in a rule of their own");
        assertEquals(selected, rule.at("/to/0/podSelector/matchLabels"), "to Chorus pods only");
      }
      egress.addAll(ports);
    }
    assertTrue(egress.containsAll(Set.of(53, 5432, 6379, 443, 5701, 5801)), egress.toString());
  }

  @Test
  void theImageRunsAsAnUnprivilegedUserFromAPinnedBaseAndCopiesWhatTheBuildMakes()
      throws IOException {
    List<String> lines = instructions(Files.readString(Path.of("Dockerfile")));
    List<String> from = lines.stream().filter(l -> l.startsWith("FROM ")).toList();
    assertEquals(1, from.size(), "one stage");
    Matcher base =
        Pattern.compile("FROM ([a-z0-9./-]+):(\\d+\\.\\d+\\.\\d+[\\w.-]*)(@sha256:[0-9a-f]{64})?")
            .matcher(from.get(0));
    assertTrue(base.matches(), "the base image is pinned to a full version: " + from.get(0));
    String user = lastArgument(lines, "USER ");
    assertTrue(user.matches("[1-9]\\d*:[1-9]\\d*"), "a numeric non-root user and group: " + user);
    String pom = Files.readString(Path.of("pom.xml"));
    Map<String, Boolean> produced =
        Map.of(
            "target/chorus.jar", pom.contains("<finalName>chorus</finalName>"),
            "target/lib/",
                pom.contains("<outputDirectory>${project.build.directory}/lib</outputDirectory>"));
    String ignore = Files.readString(Path.of(".dockerignore"));
    for (String copy : lines.stream().filter(l -> l.startsWith("COPY ")).toList()) {
      String[] parts = copy.split("\\s+");
      String source = parts[1];
      assertTrue(
          produced.getOrDefault(source, false) || Files.exists(Path.of(source)),
          "COPY " + source + " is made by the build or exists");
      assertTrue(ignore.contains("!" + source), ".dockerignore lets " + source + " in");
    }
    String volumes = lastArgument(lines, "VOLUME ");
    assertTrue(volumes.contains("\"/tmp\"") && volumes.contains("\"/data\""), volumes);
    assertTrue(
        lastArgument(lines, "ENTRYPOINT ").contains("\"-jar\", \"/app/chorus.jar\""),
        "runs the jar (its manifest opens Hazelcast's packages)");
    Matcher config = Pattern.compile("/app/(conf/[\\w.]+)").matcher(lastArgument(lines, "CMD "));
    assertTrue(config.find() && Files.exists(Path.of(config.group(1))), "CMD names a shipped file");
    JsonNode compose = YAML.readTree(Path.of("compose.yaml").toFile());
    JsonNode chorus = compose.at("/x-chorus");
    assertTrue(chorus.path("read_only").asBoolean(), "compose runs it on a read-only root");
    List<String> tmpfs = new ArrayList<>();
    chorus.path("tmpfs").forEach(t -> tmpfs.add(t.asText()));
    assertEquals(List.of("/tmp", "/data"), tmpfs);
  }

  /** Cross-references inside one rendered overlay. */
  private static void checkReferences(String overlay, List<JsonNode> objects) {
    Set<String> configMaps = names(ofKind(objects, "ConfigMap"));
    Set<String> secrets = names(ofKind(objects, "Secret"));
    List<JsonNode> deployments = ofKind(objects, "Deployment");
    for (JsonNode d : deployments) {
      String name = overlay + " " + d.at("/metadata/name").asText();
      assertEquals(
          d.at("/spec/selector/matchLabels"),
          selectorSubset(
              d.at("/spec/selector/matchLabels"), d.at("/spec/template/metadata/labels")),
          name + ": the selector matches the pod labels");
      container(d)
          .path("envFrom")
          .forEach(
              from -> {
                if (from.has("configMapRef")) {
                  assertTrue(configMaps.contains(from.at("/configMapRef/name").asText()), name);
                }
                if (from.has("secretRef")) {
                  assertTrue(secrets.contains(from.at("/secretRef/name").asText()), name);
                }
              });
      d.at("/spec/template/spec/volumes")
          .forEach(
              v -> {
                if (v.has("configMap")) {
                  assertTrue(configMaps.contains(v.at("/configMap/name").asText()), name);
                }
              });
    }
    for (JsonNode service : ofKind(objects, "Service")) {
      JsonNode selector = service.at("/spec/selector");
      assertTrue(
          deployments.stream()
              .anyMatch(
                  d ->
                      selector.equals(
                          selectorSubset(selector, d.at("/spec/template/metadata/labels")))),
          overlay + ": service " + service.at("/metadata/name").asText() + " selects pods");
    }
    Set<String> deploymentNames = names(deployments);
    for (JsonNode hpa : ofKind(objects, "HorizontalPodAutoscaler")) {
      assertTrue(deploymentNames.contains(hpa.at("/spec/scaleTargetRef/name").asText()), overlay);
    }
    for (JsonNode pdb : ofKind(objects, "PodDisruptionBudget")) {
      JsonNode selector = pdb.at("/spec/selector/matchLabels");
      assertTrue(
          deployments.stream()
              .anyMatch(
                  d ->
                      selector.equals(
                          selectorSubset(selector, d.at("/spec/template/metadata/labels")))),
          overlay + ": budget " + pdb.at("/metadata/name").asText() + " selects pods");
    }
  }

  /** The entries of {@code labels} whose keys {@code selector} names. */
  private static JsonNode selectorSubset(JsonNode selector, JsonNode labels) {
    var subset = YAML.createObjectNode();
    selector.fieldNames().forEachRemaining(k -> subset.set(k, labels.get(k)));
    return subset;
  }

  /**
   * Every role the base layout and the compose file leave out must be one that is opt-in: the
   * bridge (needs its token and a port of its own). A role nobody runs fails quietly in a split
   * deployment — without {@code community} every event is refused, without {@code access} stored
   * keys answer 503.
   */
  @Test
  void everyRoleRunsSomewhereInTheBaseLayoutAndInCompose() throws IOException {
    Set<String> optIn = Set.of("bridge");
    Set<String> expected = new HashSet<>();
    Modules.discovered().stream().map(ChorusModule::name).forEach(expected::add);
    expected.removeAll(optIn);
    Set<String> k8s = new HashSet<>();
    for (JsonNode d : ofKind(baseFiles(), "Deployment")) {
      k8s.addAll(List.of(env(container(d), "CHORUS_ROLES").split(",")));
    }
    assertTrue(k8s.containsAll(expected), "k8s/base runs no " + difference(expected, k8s));
    Set<String> compose = new HashSet<>();
    YAML.readTree(Path.of("compose.yaml").toFile())
        .path("services")
        .forEach(
            service -> {
              String roles = service.at("/environment/CHORUS_ROLES").asText("");
              if (!roles.isEmpty()) {
                compose.addAll(List.of(roles.split(",")));
              }
            });
    assertTrue(
        compose.containsAll(expected), "compose.yaml runs no " + difference(expected, compose));
  }

  /**
   * The Service reaches the gateway pods only; the admin routes of the roles elsewhere (commands,
   * people, moderation, facts) reach their pods because every pod is a member of one cluster, whose
   * event bus the gateway forwards them over (decision 136), on ports the NetworkPolicy admits
   * between Chorus pods (tested above).
   */
  @Test
  void adminRoutesOfEveryGroupAreReachableThroughTheService() throws Exception {
    List<JsonNode> base = baseFiles();
    JsonNode service = named(ofKind(base, "Service"), "chorus");
    List<JsonNode> served = new ArrayList<>();
    for (JsonNode d : ofKind(base, "Deployment")) {
      JsonNode c = container(d);
      String name = d.at("/metadata/name").asText();
      assertEquals("true", env(c, "CHORUS_CLUSTER_ENABLED"), name + " is a cluster member");
      Set<String> from = new HashSet<>();
      c.path("envFrom").forEach(e -> from.add(e.at("/configMapRef/name").asText()));
      assertTrue(from.contains("chorus-env"), name + ": the shared cluster name (chorus-env)");
      assertTrue(
          c.path("ports").findValuesAsText("containerPort").contains("8080"),
          name + ": serves its admin routes on 8080, where forwarded requests are replayed");
      if (selectorSubset(service.at("/spec/selector"), d.at("/spec/template/metadata/labels"))
          .equals(service.at("/spec/selector"))) {
        served.add(d);
      }
    }
    assertEquals(1, served.size(), "the Service selects one group");
    Set<String> edge = Set.of(env(container(served.get(0)), "CHORUS_ROLES").split(","));
    assertTrue(edge.containsAll(Set.of("gateway", "access")), "the edge checks keys: " + edge);
    if (onPath("kubectl")) {
      for (JsonNode d : ofKind(render("overlays/scaled"), "Deployment")) {
        assertEquals("true", env(container(d), "CHORUS_CLUSTER_ENABLED"), "scaled overlay");
      }
    }
  }

  private static long shutdownEnv(String name, long otherwise) throws IOException {
    for (String line : Files.readAllLines(K8S.resolve("base/kustomization.yaml"))) {
      String t = line.strip();
      if (t.startsWith("- " + name + "=")) {
        return Long.parseLong(t.substring(t.indexOf('=') + 1));
      }
    }
    return otherwise;
  }

  private static Set<String> difference(Set<String> all, Set<String> some) {
    Set<String> missing = new java.util.TreeSet<>(all);
    missing.removeAll(some);
    return missing;
  }

  /** Every module's role, and every stage the routes name (modules that later issues add). */
  private static Set<String> knownRoles() {
    Set<String> roles = new HashSet<>();
    Modules.discovered().stream().map(ChorusModule::name).forEach(roles::add);
    RouteTable.load(Path.of("conf/routes.yaml"))
        .routes()
        .values()
        .forEach(slip -> slip.steps().forEach(step -> roles.add(step.stage())));
    return roles;
  }

  private static List<JsonNode> baseFiles() throws IOException {
    List<JsonNode> objects = new ArrayList<>();
    try (Stream<Path> files = Files.list(K8S.resolve("base"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        if (!file.getFileName().toString().equals("kustomization.yaml")) {
          objects.addAll(parse(Files.readString(file)));
        }
      }
    }
    return objects;
  }

  private static List<JsonNode> render(String overlay) throws Exception {
    return parse(kustomize(overlay));
  }

  private static String kustomize(String overlay) throws Exception {
    Result result = run(new File("."), 60, "kubectl", "kustomize", K8S.resolve(overlay).toString());
    assertEquals(0, result.code, "kubectl kustomize " + overlay + ":\n" + result.output);
    return result.output;
  }

  private static List<JsonNode> parse(String yaml) throws IOException {
    List<JsonNode> objects = new ArrayList<>();
    try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(yaml)) {
      while (docs.hasNext()) {
        JsonNode doc = docs.next();
        if (doc != null && !doc.isEmpty()) {
          objects.add(doc);
        }
      }
    }
    return objects;
  }

  private static List<JsonNode> ofKind(List<JsonNode> objects, String kind) {
    return objects.stream().filter(o -> kind.equals(o.path("kind").asText())).toList();
  }

  private static JsonNode named(List<JsonNode> objects, String name) {
    return objects.stream()
        .filter(o -> name.equals(o.at("/metadata/name").asText()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + name));
  }

  private static Set<String> names(List<JsonNode> objects) {
    Set<String> names = new HashSet<>();
    objects.forEach(o -> names.add(o.at("/metadata/name").asText()));
    return names;
  }

  private static JsonNode container(JsonNode deployment) {
    JsonNode c = deployment.at("/spec/template/spec/containers/0");
    assertFalse(c.isMissingNode(), "a container");
    return c;
  }

  private static String env(JsonNode container, String name) {
    for (JsonNode e : container.path("env")) {
      if (name.equals(e.path("name").asText())) {
        return e.path("value").asText();
      }
    }
    throw new AssertionError("no env " + name);
  }

  /** The Dockerfile's instructions, continuation lines joined, comments dropped. */
  private static List<String> instructions(String dockerfile) {
    List<String> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : dockerfile.split("\n")) {
      if (line.isBlank() || line.strip().startsWith("#")) {
        continue;
      }
      String text = line.strip();
      boolean more = text.endsWith("\\");
      current.append(more ? text.substring(0, text.length() - 1) : text).append(' ');
      if (!more) {
        out.add(current.toString().strip());
        current.setLength(0);
      }
    }
    return out;
  }

  private static String lastArgument(List<String> lines, String instruction) {
    String found = null;
    for (String line : lines) {
      if (line.startsWith(instruction)) {
        found = line.substring(instruction.length()).strip();
      }
    }
    assertNotNull(found, "the Dockerfile has " + instruction.strip());
    return found;
  }

  private record Result(int code, String output) {}

  private static Result run(File dir, int seconds, String... command) throws Exception {
    Process p = new ProcessBuilder(command).directory(dir).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(String.join(" ", command) + " took over " + seconds + " s");
    }
    return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
  }

  private static boolean onPath(String tool) {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String dir : path.split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, tool))) {
        return true;
      }
    }
    return false;
  }
}
