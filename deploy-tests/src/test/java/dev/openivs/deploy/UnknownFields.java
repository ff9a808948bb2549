package dev.openivs.deploy;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Schema check on top of the typed model: fabric8 and Strimzi keep fields they do not know in
 * {@code additionalProperties} instead of failing, so a typo ({@code readinesProbe}) would parse silently. This walks
 * the parsed object graph and reports every such unknown field with its path.
 */
final class UnknownFields {
    private UnknownFields() {
    }

    static List<String> of(Object model) {
        List<String> found = new ArrayList<>();
        walk(model, "", found, 0);
        return found.stream().distinct().toList();
    }

    private static void walk(Object o, String path, List<String> found, int depth) {
        if (o == null || depth > 40) {
            return;
        }
        if (o instanceof Collection<?> c) {
            int i = 0;
            for (Object item : c) {
                walk(item, path + "[" + i++ + "]", found, depth + 1);
            }
            return;
        }
        if (o instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                walk(e.getValue(), path + "." + e.getKey(), found, depth + 1);
            }
            return;
        }
        String pkg = o.getClass().getPackageName();
        if (!pkg.startsWith("io.fabric8.kubernetes.api.model") && !pkg.startsWith("io.strimzi.api")) {
            return;
        }
        for (Method m : o.getClass().getMethods()) {
            if (m.getParameterCount() != 0 || Modifier.isStatic(m.getModifiers())
                    || m.getDeclaringClass() == Object.class || !m.getName().startsWith("get")) {
                continue;
            }
            Object value;
            try {
                value = m.invoke(o);
            } catch (ReflectiveOperationException | RuntimeException e) {
                continue;
            }
            if (m.getName().equals("getAdditionalProperties")) {
                if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    found.add((path.isEmpty() ? "." : path) + " has unknown field(s) " + extra.keySet());
                }
            } else {
                String field = Character.toLowerCase(m.getName().charAt(3)) + m.getName().substring(4);
                walk(value, path + "." + field, found, depth + 1);
            }
        }
    }
}
