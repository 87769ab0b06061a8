package io.quiver.itests;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Map;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * HTTPS for a distribution's console and REST, set up as docs/security.md tells users: a keystore made
 * with {@code keytool} in {@code etc/quiver.p12} (certificate for 127.0.0.1), Pax Web's secure connector
 * on and the plain one off in {@code etc/org.ops4j.pax.web.cfg}. While {@link #trusting} runs, {@link
 * HttpProbe} trusts exactly that certificate (the JVM-wide HTTPS default, restored afterwards; the ITs run
 * one at a time).
 */
final class TlsProbe {

    private static final String STORE_PASSWORD = "changeit-please";

    private final SSLSocketFactory factory;

    private TlsProbe(SSLSocketFactory factory) {
        this.factory = factory;
    }

    /** Creates the keystore and switches the console to HTTPS on {@code port}; takes effect at the next start. */
    static TlsProbe enableHttps(Path home, int port) throws Exception {
        Path store = home.resolve("etc/quiver.p12").toAbsolutePath();
        UnpackedDistribution.run(home, Map.of(), "keytool", "-genkeypair", "-alias", "quiver", "-keyalg", "EC",
                "-groupname", "secp256r1", "-validity", "825", "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1",
                "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass", STORE_PASSWORD);
        Path cfg = home.resolve("etc/org.ops4j.pax.web.cfg");
        String text = Files.readString(cfg)
                .replace("org.osgi.service.http.enabled = true", "org.osgi.service.http.enabled = false")
                .replace("org.osgi.service.http.secure.enabled = false", "org.osgi.service.http.secure.enabled = true")
                + "\norg.osgi.service.http.port.secure = " + port
                + "\norg.ops4j.pax.web.ssl.keystore = ${karaf.etc}/quiver.p12"
                + "\norg.ops4j.pax.web.ssl.keystore.type = PKCS12"
                + "\norg.ops4j.pax.web.ssl.keystore.password = " + STORE_PASSWORD
                + "\norg.ops4j.pax.web.ssl.key.password = " + STORE_PASSWORD
                + "\norg.ops4j.pax.web.ssl.key.alias = quiver\n";
        Files.writeString(cfg, text);
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            trusted.load(in, STORE_PASSWORD.toCharArray());
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trusted);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, tmf.getTrustManagers(), null);
        return new TlsProbe(tls.getSocketFactory());
    }

    /** Runs {@code probes} with HTTPS trusting the generated certificate. */
    void trusting(ThrowingRunnable probes) throws Exception {
        SSLSocketFactory before = HttpsURLConnection.getDefaultSSLSocketFactory();
        HttpsURLConnection.setDefaultSSLSocketFactory(factory);
        try {
            probes.run();
        } finally {
            HttpsURLConnection.setDefaultSSLSocketFactory(before);
        }
    }

    /** A block of probes that may throw. */
    interface ThrowingRunnable {
        void run() throws Exception;
    }
}
