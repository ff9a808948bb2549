package dev.openivs.deploy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/** Facts read from the repository itself: the service modules of the build, their ports, the Kafka topics. */
final class Repo {
    /** Modules of the root pom that are not deployable services. */
    private static final Set<String> NOT_SERVICES = Set.of("e2e-tests", "deploy-tests", "load-tests");
    private static final Pattern HTTP_PORT = Pattern.compile("(?m)^quarkus\\.http\\.port=\\$\\{[A-Z_]+:(\\d+)}\\s*$");

    private static final Pattern REST_CLIENT_URL =
            Pattern.compile("(?m)^quarkus\\.rest-client\\.([a-z-]+)\\.url=\\$\\{([A-Z_]+):[^}]*}\\s*$");

    private Repo() {
    }

    static Path root() {
        String root = System.getProperty("ivs.root");
        Path p = root == null ? Path.of("..") : Path.of(root);
        if (!Files.isRegularFile(p.resolve("pom.xml")) || !Files.isDirectory(p.resolve("deploy"))) {
            throw new IllegalStateException("not the repository root: " + p.toAbsolutePath());
        }
        return p.toAbsolutePath().normalize();
    }

    static Path deploy() {
        return root().resolve("deploy");
    }

    /** Every deployable service: the root pom's modules less the libraries and the test modules. */
    static List<String> services() {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Document pom = f.newDocumentBuilder().parse(root().resolve("pom.xml").toFile());
            NodeList projectChildren = pom.getDocumentElement().getChildNodes();
            List<String> services = new ArrayList<>();
            for (int i = 0; i < projectChildren.getLength(); i++) {
                // only the top-level <modules> (profiles may list other, optional modules)
                if ("modules".equals(projectChildren.item(i).getNodeName())) {
                    NodeList modules = projectChildren.item(i).getChildNodes();
                    for (int j = 0; j < modules.getLength(); j++) {
                        if ("module".equals(modules.item(j).getNodeName())) {
                            String m = modules.item(j).getTextContent().strip();
                            if (!m.startsWith("libs/") && !NOT_SERVICES.contains(m)) {
                                services.add(m);
                            }
                        }
                    }
                }
            }
            return services;
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the root pom", e);
        }
    }

    /** The HTTP port a service listens on, from its application.properties ({@code quarkus.http.port=${X:8081}}). */
    static int httpPort(String service) {
        String props = Yaml.read(root().resolve(service).resolve("src/main/resources/application.properties"));
        Matcher m = HTTP_PORT.matcher(props);
        if (!m.find()) {
            throw new IllegalStateException(service + " sets no quarkus.http.port=${ENV:port}");
        }
        return Integer.parseInt(m.group(1));
    }

    /**
     * How services find each other: env name -> service (configKey), from the shared REST-client defaults
     * ({@code quarkus.rest-client.<service>.url=${IVS_X_URL:...}} in libs/aws-api).
     */
    static Map<String, String> restClientUrlEnv() {
        String props = Yaml.read(root().resolve(
                "libs/aws-api/src/main/resources/META-INF/microprofile-config.properties"));
        Matcher m = REST_CLIENT_URL.matcher(props);
        Map<String, String> env = new LinkedHashMap<>();
        while (m.find()) {
            env.put(m.group(2), m.group(1));
        }
        if (env.isEmpty()) {
            throw new IllegalStateException("no quarkus.rest-client.<service>.url in libs/aws-api");
        }
        return env;
    }

    /** The topics of deploy/topics.txt: name -> {partitions, retention.ms}. */
    static Map<String, long[]> topics() {
        Map<String, long[]> topics = new LinkedHashMap<>();
        for (String line : Yaml.read(deploy().resolve("topics.txt")).split("\n")) {
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("#")) {
                continue;
            }
            String[] f = t.split("\\s+");
            topics.put(f[0], new long[] {Long.parseLong(f[1]), Long.parseLong(f[2])});
        }
        return topics;
    }
}
