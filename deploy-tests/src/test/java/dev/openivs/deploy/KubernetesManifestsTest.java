package dev.openivs.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.kafka.listener.GenericKafkaListener;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.nodepool.ProcessRoles;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Renders deploy/k8s/overlays/{local,production} and checks them against the build and against each other. */
class KubernetesManifestsTest {
    static final String NAMESPACE = "ivs";
    /**
     * What the outside world may reach: the API and the media edge (RTMP, RTMPS, SRT over UDP, HLS playback),
     * nothing else.
     */
    static final Map<String, Set<Integer>> PUBLIC_PORTS = Map.of(
            "gateway", Set.of(8080), "stream-service", Set.of(1935, 8443, 8090, 9000));
    /** Services that hold live connections or media state: fixed replicas, no autoscaler. */
    static final Set<String> STATEFUL = Set.of("stream-service", "recording-service");

    @ParameterizedTest
    @ValueSource(strings = {"local", "production"})
    void shouldParseEveryRenderedDocumentIntoTheKubernetesModelWithoutUnknownFields(String overlay) {
        List<HasMetadata> resources = Overlays.render(overlay);
        assertFalse(resources.isEmpty());
        List<String> problems = new ArrayList<>();
        for (HasMetadata r : resources) {
            String id = r.getKind() + "/" + r.getMetadata().getName();
            if (r instanceof GenericKubernetesResource g) {
                // only the CloudNativePG Cluster has no Java model here; core kinds must map to their classes
                if (!g.getApiVersion().startsWith("postgresql.cnpg.io/")) {
                    problems.add(id + " (" + g.getApiVersion() + ") is not a known Kubernetes or Strimzi kind");
                }
            } else {
                UnknownFields.of(r).forEach(p -> problems.add(id + p));
            }
            if (!"Namespace".equals(r.getKind()) && !NAMESPACE.equals(r.getMetadata().getNamespace())) {
                problems.add(id + " is not in namespace " + NAMESPACE);
            }
        }
        assertEquals(List.of(), problems);
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "production"})
    void shouldGiveEveryServiceOfTheBuildADeploymentWithHealthProbesLimitsAndANonRootUser(String overlay) {
        List<HasMetadata> resources = Overlays.render(overlay);
        for (String svc : Repo.services()) {
            Deployment d = Overlays.find(resources, Deployment.class, svc)
                    .orElseThrow(() -> new AssertionError(overlay + ": no Deployment for service " + svc));
            Map<String, String> podLabels = d.getSpec().getTemplate().getMetadata().getLabels();
            assertEquals(svc, podLabels.get("app.kubernetes.io/name"), svc);
            assertEquals("ivs", podLabels.get("app.kubernetes.io/part-of"), svc);
            assertEquals("ivs", d.getMetadata().getLabels().get("app.kubernetes.io/part-of"), svc);
            assertTrue(Selectors.matches(d.getSpec().getSelector(), podLabels), svc + ": selector misses its pods");

            PodSpec pod = d.getSpec().getTemplate().getSpec();
            assertEquals(Boolean.TRUE, pod.getSecurityContext().getRunAsNonRoot(), svc + " runAsNonRoot");
            assertNotNull(pod.getSecurityContext().getRunAsUser(), svc + " runAsUser");
            assertTrue(pod.getSecurityContext().getRunAsUser() > 0, svc + " runs as root");
            assertEquals(1, pod.getContainers().size(), svc);
            Container c = pod.getContainers().get(0);
            assertTrue(c.getImage().matches("([a-z0-9.-]+/)*openivs/" + svc + ":[A-Za-z0-9._-]+"),
                    svc + " image " + c.getImage());
            assertEquals(Boolean.FALSE, c.getSecurityContext().getAllowPrivilegeEscalation(), svc);

            int port = Repo.httpPort(svc);
            assertEquals(port, containerPort(c, "http"), svc + ": container port vs application.properties");
            assertProbe(svc, c, c.getLivenessProbe(), "/q/health/live", port);
            assertProbe(svc, c, c.getReadinessProbe(), "/q/health/ready", port);
            assertProbe(svc, c, c.getStartupProbe(), "/q/health/started", port);

            ResourceRequirements res = c.getResources();
            assertNotNull(res, svc + " resources");
            for (String r : List.of("cpu", "memory")) {
                assertNotNull(res.getRequests().get(r), svc + " requests." + r);
                assertNotNull(res.getLimits().get(r), svc + " limits." + r);
                assertTrue(Quantity.getAmountInBytes(res.getRequests().get(r))
                        .compareTo(Quantity.getAmountInBytes(res.getLimits().get(r))) <= 0, svc + " request > limit");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "production"})
    void shouldGiveEveryServiceAServiceOnItsPortAndADisruptionBudget(String overlay) {
        List<HasMetadata> resources = Overlays.render(overlay);
        for (String svc : Repo.services()) {
            Deployment d = Overlays.find(resources, Deployment.class, svc).orElseThrow(() -> new AssertionError(svc));
            Map<String, String> podLabels = d.getSpec().getTemplate().getMetadata().getLabels();
            Service s = Overlays.find(resources, Service.class, svc)
                    .orElseThrow(() -> new AssertionError(overlay + ": no Service for " + svc));
            assertTrue(Selectors.matches(s.getSpec().getSelector(), podLabels), svc + ": Service selects no pod");
            int port = Repo.httpPort(svc);
            ServicePort sp = s.getSpec().getPorts().stream().filter(p -> p.getPort() == port).findFirst()
                    .orElseThrow(() -> new AssertionError(svc + ": Service has no port " + port));
            assertEquals(port, targetPort(d, sp), svc + ": Service port does not reach the container port");

            PodDisruptionBudget pdb = Overlays.find(resources, PodDisruptionBudget.class, svc)
                    .orElseThrow(() -> new AssertionError(overlay + ": no PodDisruptionBudget for " + svc));
            assertTrue(Selectors.matches(pdb.getSpec().getSelector(), podLabels), svc + ": PDB selects no pod");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "production"})
    void shouldAutoscaleTheGatewayAndTheStatelessServicesOnly(String overlay) {
        List<HasMetadata> resources = Overlays.render(overlay);
        for (String svc : Repo.services()) {
            var hpa = Overlays.all(resources, HorizontalPodAutoscaler.class).stream()
                    .filter(h -> h.getSpec().getScaleTargetRef().getName().equals(svc)).toList();
            if (STATEFUL.contains(svc)) {
                assertEquals(List.of(), hpa, svc + " holds live state and must not be autoscaled");
                continue;
            }
            assertEquals(1, hpa.size(), overlay + ": " + svc + " needs one HorizontalPodAutoscaler");
            var spec = hpa.get(0).getSpec();
            assertEquals("Deployment", spec.getScaleTargetRef().getKind());
            assertTrue(spec.getMinReplicas() >= 1 && spec.getMinReplicas() <= spec.getMaxReplicas(), svc);
            assertFalse(spec.getMetrics().isEmpty(), svc + " HPA without metrics");
            if (overlay.equals("production")) {
                assertTrue(spec.getMinReplicas() >= 2, svc + ": production needs at least 2 replicas");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "production"})
    void shouldDenyIngressByDefaultAndOpenOnlyTheGatewayAndTheMediaEdgeToTheOutside(String overlay) {
        List<HasMetadata> resources = Overlays.render(overlay);
        List<NetworkPolicy> policies = Overlays.all(resources, NetworkPolicy.class);
        assertTrue(policies.stream().anyMatch(NetworkPolicies::isDefaultDenyIngress),
                overlay + ": no default-deny ingress NetworkPolicy");
        List<Map<String, String>> servicePods = new ArrayList<>();
        for (String svc : Repo.services()) {
            servicePods.add(podLabels(resources, svc));
        }
        for (String svc : Repo.services()) {
            Map<String, String> labels = podLabels(resources, svc);
            List<NetworkPolicy> covering = NetworkPolicies.selecting(policies, labels);
            assertFalse(covering.isEmpty(), overlay + ": no NetworkPolicy covers " + svc);
            assertEquals(PUBLIC_PORTS.getOrDefault(svc, Set.of()), NetworkPolicies.publicPorts(covering),
                    overlay + ": ports of " + svc + " open to the outside");
            int port = Repo.httpPort(svc);
            // its API port is reachable from the other services (each of them), and only from inside
            for (Map<String, String> peer : servicePods) {
                assertTrue(NetworkPolicies.allowsFromPod(covering, peer, port),
                        overlay + ": " + peer.get("app.kubernetes.io/name") + " cannot reach " + svc + ":" + port);
            }
            if (!PUBLIC_PORTS.getOrDefault(svc, Set.of()).contains(port)) {
                assertFalse(NetworkPolicies.allowsFromPod(covering, Map.of("app.kubernetes.io/name", "intruder"),
                        port), overlay + ": a pod outside the suite reaches " + svc + ":" + port);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "production"})
    void shouldExposeOnlyPortsThatTheNetworkPoliciesOpen(String overlay) {
        List<HasMetadata> resources = Overlays.render(overlay);
        List<NetworkPolicy> policies = Overlays.all(resources, NetworkPolicy.class);
        Set<String> exposed = new TreeSet<>();
        for (Service s : Overlays.all(resources, Service.class)) {
            String type = s.getSpec().getType();
            if (!"LoadBalancer".equals(type) && !"NodePort".equals(type)) {
                continue;
            }
            exposed.add(s.getMetadata().getName());
            for (Deployment d : Overlays.all(resources, Deployment.class)) {
                Map<String, String> labels = d.getSpec().getTemplate().getMetadata().getLabels();
                if (!Selectors.matches(s.getSpec().getSelector(), labels)) {
                    continue;
                }
                Set<Integer> open = NetworkPolicies.publicPorts(NetworkPolicies.selecting(policies, labels));
                for (ServicePort sp : s.getSpec().getPorts()) {
                    assertTrue(open.contains(targetPort(d, sp)), overlay + ": " + s.getMetadata().getName() + " port "
                            + sp.getPort() + " exposes a port no NetworkPolicy opens to the outside");
                }
            }
        }
        if (overlay.equals("production")) {
            assertEquals(Set.of("gateway", "stream-edge"), exposed);
        }
        Service edge = Overlays.find(resources, Service.class, "stream-edge").orElseThrow();
        Set<Integer> edgePorts = new TreeSet<>();
        edge.getSpec().getPorts().forEach(p -> edgePorts.add(p.getPort()));
        assertEquals(Set.of(1935, 443, 8090, 9000), edgePorts, "RTMP 1935, RTMPS 443, HLS playback 8090, SRT 9000");
        assertTrue(edge.getSpec().getPorts().stream().anyMatch(p -> p.getPort() == 9000
                && "UDP".equals(p.getProtocol())), "SRT is UDP");
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "production"})
    void shouldDefineEverySecretAndConfigMapThatAPodReads(String overlay) {
        List<HasMetadata> resources = Overlays.render(overlay);
        List<String> missing = new ArrayList<>();
        for (Deployment d : Overlays.all(resources, Deployment.class)) {
            PodSpec pod = d.getSpec().getTemplate().getSpec();
            String who = d.getMetadata().getName();
            for (Container c : pod.getContainers()) {
                for (EnvFromSource ef : c.getEnvFrom()) {
                    if (ef.getConfigMapRef() != null && configMap(resources, ef.getConfigMapRef().getName()) == null) {
                        missing.add(who + ": ConfigMap " + ef.getConfigMapRef().getName());
                    }
                }
                for (EnvVar e : c.getEnv()) {
                    if (e.getValueFrom() == null) {
                        continue;
                    }
                    var sk = e.getValueFrom().getSecretKeyRef();
                    if (sk != null && !Boolean.TRUE.equals(sk.getOptional()) && !secretHas(resources, sk.getName(),
                            sk.getKey())) {
                        missing.add(who + ": Secret " + sk.getName() + " key " + sk.getKey());
                    }
                }
            }
            for (Volume v : pod.getVolumes()) {
                if (v.getSecret() != null && !Boolean.TRUE.equals(v.getSecret().getOptional())
                        && Overlays.find(resources, Secret.class, v.getSecret().getSecretName()).isEmpty()) {
                    missing.add(who + ": Secret volume " + v.getSecret().getSecretName());
                }
            }
        }
        assertEquals(List.of(), missing);
        Secret accounts = Overlays.find(resources, Secret.class, "ivs-accounts").orElseThrow();
        assertFalse(Accounts.parse(decode(accounts.getData().get("accounts.txt"))).isEmpty(), "accounts file");
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "production"})
    void shouldPointEveryServiceUrlAtTheRightServiceAndPort(String overlay) {
        Map<String, String> config = configMap(Overlays.render(overlay), "ivs-config").getData();
        for (Map.Entry<String, String> e : Repo.restClientUrlEnv().entrySet()) {
            assertEquals("http://" + e.getValue() + ":" + Repo.httpPort(e.getValue()), config.get(e.getKey()),
                    overlay + ": " + e.getKey());
        }
        assertEquals("0.0.0.0", config.get("IVS_BIND_HOST"));
        // the gateway shares each quota among its replicas: the count it assumes is the autoscaler's floor
        HorizontalPodAutoscaler gatewayHpa = Overlays.find(Overlays.render(overlay), HorizontalPodAutoscaler.class,
                "gateway").orElseThrow();
        assertEquals(String.valueOf(gatewayHpa.getSpec().getMinReplicas()), config.get("IVS_GATEWAY_REPLICAS"));
        assertEquals("false", config.get("IVS_EXAMPLE_ACCOUNTS"), "accounts only from the accounts file");
        for (String key : List.of("IVS_DB_HOST", "IVS_DB_PORT", "IVS_DB_NAME", "KAFKA_BOOTSTRAP_SERVERS",
                "IVS_REGION")) {
            assertNotNull(config.get(key), overlay + ": ivs-config lacks " + key);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "production"})
    void shouldRunKafkaInKraftModeWithATopicForEveryLineOfTopicsTxt(String overlay) {
        List<HasMetadata> resources = Overlays.render(overlay);
        List<Kafka> kafkas = Overlays.all(resources, Kafka.class);
        assertEquals(1, kafkas.size(), "one Strimzi Kafka");
        Kafka kafka = kafkas.get(0);
        String cluster = kafka.getMetadata().getName();
        assertEquals(null, kafka.getSpec().getZookeeper(), "KRaft: no ZooKeeper");
        assertNotNull(kafka.getSpec().getEntityOperator().getTopicOperator(), "the topic operator applies KafkaTopics");
        List<KafkaNodePool> pools = Overlays.all(resources, KafkaNodePool.class);
        Set<ProcessRoles> roles = new HashSet<>();
        int brokers = 0;
        for (KafkaNodePool pool : pools) {
            assertEquals(cluster, pool.getMetadata().getLabels().get("strimzi.io/cluster"));
            roles.addAll(pool.getSpec().getRoles());
            brokers += pool.getSpec().getRoles().contains(ProcessRoles.BROKER) ? pool.getSpec().getReplicas() : 0;
        }
        assertEquals(Set.of(ProcessRoles.BROKER, ProcessRoles.CONTROLLER), roles, "KRaft node pools");

        GenericKafkaListener plain = kafka.getSpec().getKafka().getListeners().stream()
                .filter(l -> !l.isTls()).findFirst().orElseThrow();
        assertEquals(cluster + "-kafka-bootstrap:" + plain.getPort(),
                configMap(resources, "ivs-config").getData().get("KAFKA_BOOTSTRAP_SERVERS"));

        Map<String, long[]> expected = Repo.topics();
        Set<String> seen = new TreeSet<>();
        for (KafkaTopic t : Overlays.all(resources, KafkaTopic.class)) {
            String name = t.getSpec().getTopicName() != null ? t.getSpec().getTopicName() : t.getMetadata().getName();
            long[] want = expected.get(name);
            if (want == null) {
                fail(overlay + ": KafkaTopic " + name + " is not in deploy/topics.txt");
            }
            seen.add(name);
            assertEquals(cluster, t.getMetadata().getLabels().get("strimzi.io/cluster"), name);
            assertEquals(want[0], (long) t.getSpec().getPartitions(), name + " partitions");
            assertEquals(want[1], Long.parseLong(String.valueOf(t.getSpec().getConfig().get("retention.ms"))),
                    name + " retention.ms");
            assertTrue(t.getSpec().getReplicas() <= brokers, name + ": more replicas than brokers");
            Object minIsr = t.getSpec().getConfig().get("min.insync.replicas");
            assertTrue(minIsr == null || Integer.parseInt(minIsr.toString()) <= t.getSpec().getReplicas(), name);
        }
        assertEquals(new TreeSet<>(expected.keySet()), seen, overlay + ": a KafkaTopic per line of topics.txt");
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "production"})
    void shouldRunPostgresqlThroughCloudNativePgWhereTheServicesLook(String overlay) {
        List<HasMetadata> resources = Overlays.render(overlay);
        List<GenericKubernetesResource> clusters = Overlays.generic(resources, "Cluster");
        assertEquals(1, clusters.size(), "one CloudNativePG Cluster");
        GenericKubernetesResource db = clusters.get(0);
        assertEquals("postgresql.cnpg.io/v1", db.getApiVersion());
        Map<String, String> config = configMap(resources, "ivs-config").getData();
        assertEquals(db.getMetadata().getName() + "-rw", config.get("IVS_DB_HOST"), "the read-write service");
        assertEquals(config.get("IVS_DB_NAME"), db.get("spec", "bootstrap", "initdb", "database"));
        assertTrue(((Number) db.get("spec", "instances")).intValue() >= 1);
        assertNotNull(db.get("spec", "storage", "size"));
        String secretName = db.get("spec", "bootstrap", "initdb", "secret", "name");
        Secret secret = Overlays.find(resources, Secret.class, secretName).orElseThrow(() -> new AssertionError(
                "no Secret " + secretName));
        assertEquals("kubernetes.io/basic-auth", secret.getType());
        assertEquals(db.get("spec", "bootstrap", "initdb", "owner"), decode(secret.getData().get("username")));
        if (overlay.equals("production")) {
            assertTrue(((Number) db.get("spec", "instances")).intValue() >= 2, "a replica for failover");
        }
    }

    /** Transcoding scales apart from ingest: its own autoscaled tier, reached by stream-service only. */
    @ParameterizedTest
    @ValueSource(strings = {"local", "production"})
    void shouldRunTheTranscoderAsItsOwnAutoscaledTierThatOnlyStreamServiceReaches(String overlay) {
        List<HasMetadata> resources = Overlays.render(overlay);
        Deployment d = Overlays.find(resources, Deployment.class, "stream-transcoder")
                .orElseThrow(() -> new AssertionError(overlay + ": no stream-transcoder Deployment"));
        PodSpec pod = d.getSpec().getTemplate().getSpec();
        assertEquals(Boolean.TRUE, pod.getSecurityContext().getRunAsNonRoot());
        Container c = pod.getContainers().get(0);
        assertTrue(c.getImage().matches("([a-z0-9.-]+/)*openivs/stream-transcoder:[A-Za-z0-9._-]+"), c.getImage());
        assertTrue(Repo.root().resolve("stream-service/src/main/docker/Dockerfile.transcoder").toFile().isFile());
        assertEquals(7070, containerPort(c, "transcode"));
        for (Probe p : List.of(c.getReadinessProbe(), c.getLivenessProbe(), c.getStartupProbe())) {
            assertNotNull(p.getTcpSocket(), "stream-transcoder probes its port");
        }
        assertNotNull(c.getResources().getLimits().get("cpu"));

        Service s = Overlays.find(resources, Service.class, "stream-transcoder").orElseThrow();
        assertEquals(7070, targetPort(d, s.getSpec().getPorts().get(0)));
        assertTrue(Selectors.matches(s.getSpec().getSelector(), d.getSpec().getTemplate().getMetadata().getLabels()));
        var hpa = Overlays.all(resources, HorizontalPodAutoscaler.class).stream()
                .filter(h -> h.getSpec().getScaleTargetRef().getName().equals("stream-transcoder")).toList();
        assertEquals(1, hpa.size(), "the transcoder tier is autoscaled");
        assertEquals("cpu", hpa.get(0).getSpec().getMetrics().get(0).getResource().getName());
        assertTrue(Overlays.find(resources, PodDisruptionBudget.class, "stream-transcoder").isPresent());

        List<NetworkPolicy> covering = NetworkPolicies.selecting(Overlays.all(resources, NetworkPolicy.class),
                d.getSpec().getTemplate().getMetadata().getLabels());
        assertEquals(Set.of(), NetworkPolicies.publicPorts(covering), "nothing outside reaches the transcoders");
        assertTrue(NetworkPolicies.allowsFromPod(covering, podLabels(resources, "stream-service"), 7070));
        for (String other : List.of("gateway", "stream-playback", "recording-service")) {
            assertFalse(NetworkPolicies.allowsFromPod(covering, podLabels(resources, other), 7070), other);
        }
        Container stream = Overlays.find(resources, Deployment.class, "stream-service").orElseThrow().getSpec()
                .getTemplate().getSpec().getContainers().get(0);
        assertEquals("stream-transcoder:7070", stream.getEnv().stream().filter(e -> e.getName()
                .equals("IVS_TRANSCODER")).map(EnvVar::getValue).findFirst().orElse(null),
                "stream-service sends its transcodes to the transcoder Service");
    }

    @Test
    void shouldRenderTheProductionOverlayWithoutTheLocalDevelopmentSecrets() {
        Secret internal = Overlays.find(Overlays.render("production"), Secret.class, "ivs-internal").orElseThrow();
        assertFalse(decode(internal.getData().get("internal-token")).equals("local-internal-token"));
        var local = Overlays.find(Overlays.render("local"), Deployment.class, "gateway").orElseThrow();
        var prod = Overlays.find(Overlays.render("production"), Deployment.class, "gateway").orElseThrow();
        assertTrue(local.getSpec().getTemplate().getSpec().getContainers().get(0).getImage().endsWith(":local"));
        assertTrue(prod.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()
                .startsWith("registry.example.com/"));
    }

    private static Map<String, String> podLabels(List<HasMetadata> resources, String svc) {
        return Overlays.find(resources, Deployment.class, svc).orElseThrow(() -> new AssertionError(svc))
                .getSpec().getTemplate().getMetadata().getLabels();
    }

    private static ConfigMap configMap(List<HasMetadata> resources, String name) {
        return Overlays.find(resources, ConfigMap.class, name).orElse(null);
    }

    private static boolean secretHas(List<HasMetadata> resources, String name, String key) {
        return Overlays.find(resources, Secret.class, name)
                .map(s -> (s.getData() != null && s.getData().containsKey(key))
                        || (s.getStringData() != null && s.getStringData().containsKey(key)))
                .orElse(false);
    }

    private static String decode(String base64) {
        return new String(java.util.Base64.getDecoder().decode(base64), java.nio.charset.StandardCharsets.UTF_8);
    }

    private static Integer containerPort(Container c, String name) {
        return c.getPorts().stream().filter(p -> name.equals(p.getName())).map(ContainerPort::getContainerPort)
                .findFirst().orElse(null);
    }

    /** The container port number a Service port reaches in a Deployment's pods (named or numeric targetPort). */
    static int targetPort(Deployment d, ServicePort sp) {
        IntOrString t = sp.getTargetPort() == null ? new IntOrString(sp.getPort()) : sp.getTargetPort();
        if (t.getIntVal() != null) {
            return t.getIntVal();
        }
        for (Container c : d.getSpec().getTemplate().getSpec().getContainers()) {
            Integer p = containerPort(c, t.getStrVal());
            if (p != null) {
                return p;
            }
        }
        throw new AssertionError(d.getMetadata().getName() + " has no container port named " + t.getStrVal());
    }

    private static void assertProbe(String svc, Container c, Probe probe, String path, int port) {
        assertNotNull(probe, svc + ": no probe on " + path);
        assertNotNull(probe.getHttpGet(), svc + ": probe on " + path + " is not httpGet");
        assertEquals(path, probe.getHttpGet().getPath(), svc);
        IntOrString p = probe.getHttpGet().getPort();
        int resolved = p.getIntVal() != null ? p.getIntVal() : containerPort(c, p.getStrVal());
        assertEquals(port, resolved, svc + ": probe " + path + " on the wrong port");
    }
}
