package dev.openivs.stream.tls;

import dev.openivs.stream.config.StreamConfig;
import io.vertx.core.net.JksOptions;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.core.net.PemKeyCertOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The server certificate of RTMPS ingest and of the HTTPS playback edge: the configured PEM pair of a real
 * deployment ({@code ivs.stream.rtmps.cert-path}/{@code key-path}), or else a self-signed one made once with the
 * JDK's own {@code keytool} (EC P-256, CN=localhost, SAN localhost/127.0.0.1, valid 10 years) and kept as a PKCS#12
 * file in {@code ivs.stream.rtmps.self-signed-dir} (replicas sharing the directory race harmlessly: each writes its
 * own temporary file and moves it in atomically). Encoders such as ffmpeg and OBS do not verify the certificate by
 * default; browsers need a real one.
 */
public final class TlsCertificates {
    private static final Logger LOG = Logger.getLogger(TlsCertificates.class);
    private static final String PASSWORD = "openivs-self-signed";

    private TlsCertificates() {
    }

    public static KeyCertOptions keyCert(StreamConfig.Rtmps config) {
        if (config.certPath().isPresent() && config.keyPath().isPresent()) {
            return new PemKeyCertOptions().setCertPath(config.certPath().get()).setKeyPath(config.keyPath().get());
        }
        Path store = Paths.get(config.selfSignedDir(), "rtmps-self-signed.p12");
        if (!Files.exists(store)) {
            generate(store);
        }
        return new JksOptions().setPath(store.toString()).setPassword(PASSWORD);
    }

    private static void generate(Path store) {
        try {
            Files.createDirectories(store.getParent());
            Path tmp = store.resolveSibling(store.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
            Files.deleteIfExists(tmp);
            String keytool = Paths.get(System.getProperty("java.home"), "bin", "keytool").toString();
            Process p = new ProcessBuilder(List.of(keytool, "-genkeypair", "-alias", "rtmps", "-keyalg", "EC",
                    "-groupname", "secp256r1", "-sigalg", "SHA256withECDSA", "-dname", "CN=localhost, O=OpenIVS",
                    "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "3650", "-storetype", "PKCS12",
                    "-keystore", tmp.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD))
                    .redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("keytool failed: " + output);
            }
            Files.move(tmp, store, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            LOG.infof("generated a self-signed TLS certificate (RTMPS, HTTPS playback) in %s", store);
        } catch (IOException e) {
            throw new IllegalStateException("cannot create the self-signed RTMPS certificate", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
