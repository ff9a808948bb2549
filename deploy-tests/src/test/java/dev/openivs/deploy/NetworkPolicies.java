package dev.openivs.deploy;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** What a set of ingress NetworkPolicies lets in (same-namespace model; policies are additive). */
final class NetworkPolicies {
    /** Stands for "every port" in {@link #publicPorts}. */
    static final int ALL_PORTS = -1;

    private NetworkPolicies() {
    }

    static boolean isDefaultDenyIngress(NetworkPolicy np) {
        return Selectors.isEmpty(np.getSpec().getPodSelector()) && hasIngressType(np)
                && (np.getSpec().getIngress() == null || np.getSpec().getIngress().isEmpty());
    }

    /** The ingress policies that apply to a pod with these labels. */
    static List<NetworkPolicy> selecting(List<NetworkPolicy> policies, Map<String, String> podLabels) {
        return policies.stream().filter(NetworkPolicies::hasIngressType)
                .filter(np -> Selectors.matches(np.getSpec().getPodSelector(), podLabels)).toList();
    }

    /** Ports open to anything outside the namespace's pods: rules without from, or from an ipBlock/namespace. */
    static Set<Integer> publicPorts(List<NetworkPolicy> covering) {
        Set<Integer> open = new TreeSet<>();
        for (NetworkPolicy np : covering) {
            for (NetworkPolicyIngressRule rule : rules(np)) {
                boolean outside = rule.getFrom() == null || rule.getFrom().isEmpty()
                        || rule.getFrom().stream().anyMatch(p -> p.getIpBlock() != null || p.getNamespaceSelector() != null);
                if (outside) {
                    open.addAll(ports(rule));
                }
            }
        }
        return open;
    }

    /** Whether a pod of the same namespace with these labels may open a connection to the port. */
    static boolean allowsFromPod(List<NetworkPolicy> covering, Map<String, String> peerLabels, int port) {
        if (covering.isEmpty()) {
            return true; // not isolated
        }
        for (NetworkPolicy np : covering) {
            for (NetworkPolicyIngressRule rule : rules(np)) {
                Set<Integer> ports = ports(rule);
                if (!ports.contains(ALL_PORTS) && !ports.contains(port)) {
                    continue;
                }
                if (rule.getFrom() == null || rule.getFrom().isEmpty()) {
                    return true;
                }
                for (NetworkPolicyPeer peer : rule.getFrom()) {
                    if (peer.getIpBlock() != null) {
                        return true; // an address range may include pod addresses
                    }
                    if (peer.getPodSelector() != null && Selectors.matches(peer.getPodSelector(), peerLabels)
                            && (peer.getNamespaceSelector() == null
                                    || Selectors.isEmpty(peer.getNamespaceSelector()))) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static boolean hasIngressType(NetworkPolicy np) {
        List<String> types = np.getSpec().getPolicyTypes();
        return types == null || types.isEmpty() || types.contains("Ingress");
    }

    private static List<NetworkPolicyIngressRule> rules(NetworkPolicy np) {
        return np.getSpec().getIngress() == null ? List.of() : np.getSpec().getIngress();
    }

    private static Set<Integer> ports(NetworkPolicyIngressRule rule) {
        Set<Integer> ports = new TreeSet<>();
        if (rule.getPorts() == null || rule.getPorts().isEmpty()) {
            ports.add(ALL_PORTS);
            return ports;
        }
        for (NetworkPolicyPort p : rule.getPorts()) {
            IntOrString port = p.getPort();
            if (port == null) {
                ports.add(ALL_PORTS);
            } else if (port.getIntVal() == null) {
                throw new IllegalArgumentException("named port " + port.getStrVal() + ": use numbers in policies");
            } else {
                int end = p.getEndPort() == null ? port.getIntVal() : p.getEndPort();
                for (int i = port.getIntVal(); i <= end; i++) {
                    ports.add(i);
                }
            }
        }
        return ports;
    }
}
