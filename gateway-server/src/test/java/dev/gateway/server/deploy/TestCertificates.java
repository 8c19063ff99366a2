package dev.gateway.server.deploy;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A self-signed certificate made by the running JDK's {@code keytool} (no extra dependency), as the
 * PEM files the server reads and as the key store a client uses.
 *
 * @param keyStore PKCS#12 holding the key and the certificate (password {@link #PASSWORD})
 * @param certPem  the certificate, PEM
 * @param keyPem   the private key, PKCS#8 PEM
 */
public record TestCertificates(Path keyStore, Path certPem, Path keyPem) {

    static final String PASSWORD = "changeit";

    /** A new RSA key and a certificate for {@code cn}, valid for 127.0.0.1 and localhost. */
    public static TestCertificates create(Path dir, String cn) throws Exception {
        Path keyStore = dir.resolve(cn + ".p12");
        keytool("-genkeypair", "-alias", cn, "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=" + cn, "-ext", "san=ip:127.0.0.1,dns:localhost",
                "-keystore", keyStore.toString(), "-storetype", "PKCS12", "-storepass", PASSWORD, "-keypass", PASSWORD);
        KeyStore store = load(keyStore);
        Path certPem = dir.resolve(cn + ".crt");
        Path keyPem = dir.resolve(cn + ".key");
        Files.writeString(certPem, pem("CERTIFICATE", store.getCertificate(cn).getEncoded()), StandardCharsets.US_ASCII);
        PrivateKey key = (PrivateKey) store.getKey(cn, PASSWORD.toCharArray());
        Files.writeString(keyPem, pem("PRIVATE KEY", key.getEncoded()), StandardCharsets.US_ASCII);
        return new TestCertificates(keyStore, certPem, keyPem);
    }

    /** A client TLS context that trusts {@code server}'s certificate and presents {@code client}'s (may be null). */
    public static SSLContext clientContext(TestCertificates server, TestCertificates client) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        for (Certificate certificate : load(server.keyStore()).getCertificateChain(alias(server))) {
            trust.setCertificateEntry("server", certificate);
        }
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trust);
        KeyManagerFactory keyManagers = null;
        if (client != null) {
            keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(load(client.keyStore()), PASSWORD.toCharArray());
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers == null ? null : keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
        return context;
    }

    private static String alias(TestCertificates certificates) {
        String name = certificates.keyStore().getFileName().toString();
        return name.substring(0, name.length() - ".p12".length());
    }

    private static KeyStore load(Path keyStore) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            store.load(in, PASSWORD.toCharArray());
        }
        return store;
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    /** Runs the keytool next to the java running this test. */
    private static void keytool(String... args) throws Exception {
        Path java = Path.of(ProcessHandle.current().info().command().orElseThrow());
        List<String> command = new java.util.ArrayList<>(List.of(java.resolveSibling("keytool").toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("keytool failed: " + output);
            }
        } finally {
            process.destroyForcibly();
        }
    }
}
