package io.chaperone.ops;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * A rendered pod's configuration as the kubelet hands it to the container, below a root directory instead of
 * {@code /}: Secret and ConfigMap volumes as files (with the kubelet's {@code ..data} symlink layout and the
 * volume's mode), emptyDirs, and the environment from {@code envFrom} and {@code env}. Paths in the environment
 * that point into a mount are moved below the root; nothing else is changed.
 */
final class KubeletMounts {

    private final Path root;
    private final Map<String, Secret> secrets;
    private final Map<String, ConfigMap> configMaps;

    KubeletMounts(Path root, List<Secret> secrets, List<ConfigMap> configMaps) {
        this.root = root;
        this.secrets = byName(secrets, s -> s.getMetadata().getName());
        this.configMaps = byName(configMaps, c -> c.getMetadata().getName());
    }

    /** Writes every volume the container mounts; returns its environment with mount paths moved below the root. */
    Map<String, String> mount(PodSpec pod, Container container) throws IOException {
        for (VolumeMount mount : container.getVolumeMounts()) {
            Volume volume = pod.getVolumes().stream().filter(v -> v.getName().equals(mount.getName())).findFirst()
                    .orElseThrow(() -> new AssertionError("no volume " + mount.getName()));
            Path dir = at(mount.getMountPath());
            if (volume.getSecret() != null) {
                Secret secret = secret(volume.getSecret().getSecretName());
                writeAtomicWriterLayout(dir, secret.getStringData(), Optional.ofNullable(volume.getSecret().getDefaultMode()).orElse(420));
            } else if (volume.getConfigMap() != null) {
                writeAtomicWriterLayout(dir, configMap(volume.getConfigMap().getName()).getData(),
                        Optional.ofNullable(volume.getConfigMap().getDefaultMode()).orElse(420));
            } else {
                Files.createDirectories(dir);
            }
        }
        Map<String, String> env = new LinkedHashMap<>();
        for (EnvFromSource from : Optional.ofNullable(container.getEnvFrom()).orElse(List.of())) {
            if (from.getConfigMapRef() != null) {
                env.putAll(configMap(from.getConfigMapRef().getName()).getData());
            }
            if (from.getSecretRef() != null) {
                env.putAll(secret(from.getSecretRef().getName()).getStringData());
            }
        }
        for (EnvVar var : Optional.ofNullable(container.getEnv()).orElse(List.of())) {
            String value = value(var);
            if (value != null) { // null: an optional Secret key that is absent, which the kubelet leaves unset
                env.put(var.getName(), value);
            }
        }
        env.replaceAll((name, value) -> belowRoot(container, value));
        return env;
    }

    private String value(EnvVar var) {
        if (var.getValueFrom() == null) {
            return var.getValue();
        }
        if (var.getValueFrom().getSecretKeyRef() != null) {
            var ref = var.getValueFrom().getSecretKeyRef();
            String value = secret(ref.getName()).getStringData().get(ref.getKey());
            if (value == null && Boolean.TRUE.equals(ref.getOptional())) {
                return null;
            }
            assertNotNull(value, var.getName() + ": no key " + ref.getKey() + " in Secret " + ref.getName());
            return value;
        }
        var ref = var.getValueFrom().getConfigMapKeyRef();
        assertNotNull(ref, var.getName() + ": only secretKeyRef and configMapKeyRef are mounted here");
        return configMap(ref.getName()).getData().get(ref.getKey());
    }

    /** {@code -Djava.io.tmpdir=/tmp}, {@code /var/run/secrets/...}: a mount path at a word start moves below the root. */
    private String belowRoot(Container container, String value) {
        String result = value;
        for (VolumeMount mount : container.getVolumeMounts()) {
            Matcher m = Pattern.compile("(^|[=\\s,])" + Pattern.quote(mount.getMountPath()) + "(?=$|[/\\s,])").matcher(result);
            result = m.replaceAll(r -> Matcher.quoteReplacement(r.group(1) + at(mount.getMountPath())));
        }
        return result;
    }

    /** The kubelet's AtomicWriter layout: files live in a timestamped directory, {@code ..data} points at it. */
    private static void writeAtomicWriterLayout(Path dir, Map<String, String> files, int mode) throws IOException {
        Files.createDirectories(dir);
        Path version = dir.resolve("..2026_12_02_10_00_00.000000001");
        Files.createDirectory(version);
        for (Map.Entry<String, String> file : files.entrySet()) {
            Path target = version.resolve(file.getKey());
            Files.writeString(target, file.getValue());
            Files.setPosixFilePermissions(target, permissions(mode));
        }
        Files.createSymbolicLink(dir.resolve("..data"), version.getFileName());
        for (String name : files.keySet()) {
            Files.createSymbolicLink(dir.resolve(name), Path.of("..data", name));
        }
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] order = PosixFilePermission.values(); // OWNER_READ ... OTHERS_EXECUTE, bit 8 .. bit 0
        for (int i = 0; i < order.length; i++) {
            if ((mode & (1 << (8 - i))) != 0) {
                set.add(order[i]);
            }
        }
        return set;
    }

    Path at(String absolute) {
        return root.resolve(absolute.substring(1));
    }

    private Secret secret(String name) {
        Secret s = secrets.get(name);
        assertNotNull(s, "the pod references Secret " + name + ", which the overlay does not render");
        return s;
    }

    private ConfigMap configMap(String name) {
        ConfigMap c = configMaps.get(name);
        assertNotNull(c, "the pod references ConfigMap " + name + ", which the overlay does not render");
        return c;
    }

    private static <T> Map<String, T> byName(List<T> items, Function<T, String> name) {
        Map<String, T> map = new LinkedHashMap<>();
        items.forEach(item -> map.put(name.apply(item), item));
        return map;
    }
}
